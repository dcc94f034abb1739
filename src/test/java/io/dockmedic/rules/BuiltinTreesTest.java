package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.ClassesLoaded;
import io.dockmedic.yaml.NodeTrees;
import io.dockmedic.yaml.YamlSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The built-in rule files and playbooks as the build parsed them ({@link NodeTrees}, issue 18): the same trees as
 * parsing each file now, node for node (kind, tag, value, line, column), so a stale or broken form fails here; and
 * loading the built-in rules and playbooks parses no YAML (a fresh JVM, because this one's other tests parse YAML all
 * the time).
 */
class BuiltinTreesTest {

    @Test
    void theBuildsFormHoldsTheSameTreesAsTheRuleFiles() throws Exception {
        sameTrees(RuleLoader.BUILTIN_DIR, NodeTrees.BUILTIN_RULES, RuleLoader.builtinFileNames());
    }

    @Test
    void theBuildsFormHoldsTheSameTreesAsThePlaybooks() throws Exception {
        sameTrees("/playbooks/", NodeTrees.BUILTIN_PLAYBOOKS, List.of("builtin.yml"));
    }

    private static void sameTrees(String dir, String form, List<String> names) throws Exception {
        Map<String, YamlSource> trees;
        try (InputStream in = RuleLoader.class.getResourceAsStream(dir + form)) {
            assertNotNull(in, "the build wrote no " + form);
            trees = NodeTrees.read(in);
        }
        assertEquals(names.stream().map(n -> NodeTrees.BUILTIN_PREFIX + n).toList(), List.copyOf(trees.keySet()));
        for (String name : names) {
            String text;
            try (InputStream in = RuleLoader.class.getResourceAsStream(dir + name)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            YamlSource parsed = YamlSource.parse(NodeTrees.BUILTIN_PREFIX + name, text);
            sameTree(name, parsed.root().orElseThrow(), trees.get(NodeTrees.BUILTIN_PREFIX + name).root().orElseThrow());
        }
    }

    private static void sameTree(String where, Node expected, Node actual) {
        assertEquals(expected.getClass(), actual.getClass(), where);
        String at = where + ":" + (expected.getStartMark().getLine() + 1) + ":" + (expected.getStartMark().getColumn() + 1);
        assertEquals(expected.getStartMark().getLine(), actual.getStartMark().getLine(), at);
        assertEquals(expected.getStartMark().getColumn(), actual.getStartMark().getColumn(), at);
        if (expected instanceof ScalarNode s) {
            assertEquals(s.getValue(), ((ScalarNode) actual).getValue(), at);
            assertEquals(s.getTag(), actual.getTag(), at);
        } else if (expected instanceof SequenceNode s) {
            List<Node> items = ((SequenceNode) actual).getValue();
            assertEquals(s.getValue().size(), items.size(), at);
            for (int i = 0; i < items.size(); i++) {
                sameTree(where, s.getValue().get(i), items.get(i));
            }
        } else {
            var tuples = ((MappingNode) actual).getValue();
            var want = ((MappingNode) expected).getValue();
            assertEquals(want.size(), tuples.size(), at);
            for (int i = 0; i < tuples.size(); i++) {
                sameTree(where, want.get(i).getKeyNode(), tuples.get(i).getKeyNode());
                sameTree(where, want.get(i).getValueNode(), tuples.get(i).getValueNode());
            }
        }
    }

    /** Run in the child JVM: loads the built-in rules and playbooks. */
    public static void main(String[] args) throws Exception {
        System.out.println("RULES " + RuleLoader.builtin().size() + " PLAYBOOKS "
                + io.dockmedic.remediation.PlaybookLoader.load(List.of()).size());
    }

    @Test
    void loadingTheBuiltinRulesAndPlaybooksParsesNoYaml(@TempDir Path dir) throws Exception {
        ClassesLoaded child = ClassesLoaded.byMain(dir, BuiltinTreesTest.class);
        assertTrue(child.output().contains("RULES ") && child.output().contains(" PLAYBOOKS "), child.output());
        assertTrue(child.loaded("io.dockmedic.rules.RuleSet"), "the log lists the classes");
        assertFalse(child.loaded("org.yaml.snakeyaml.parser.ParserImpl"), "the built-in rule files or playbooks were parsed again");
    }
}
