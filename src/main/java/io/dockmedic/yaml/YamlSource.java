package io.dockmedic.yaml;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML document read as a node tree that keeps line and column of every value, so that strict
 * loaders (config, rules, playbooks) can name file:line:column for each problem and collect all
 * problems in one pass. Use {@link #problems()} to add and read them.
 */
public final class YamlSource {
    private static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile("(\\d+):(\\d+)");

    private final String name;
    private final Node root;
    private final List<Problem> problems = new ArrayList<>();

    private YamlSource(String name, Node root) {
        this.name = name;
        this.root = root;
    }

    /** Reads a file; a syntax error or invalid UTF-8 becomes a problem with its position, not an exception. */
    public static YamlSource read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            YamlSource s = new YamlSource(file.toString(), null);
            s.problems.add(new Problem(file.toString(), "", null, "is not valid UTF-8"));
            return s;
        }
        return parse(file.toString(), text);
    }

    public static YamlSource parse(String name, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by us, with position
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(8 * 1024 * 1024);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            return new YamlSource(name, root);
        } catch (MarkedYAMLException e) {
            YamlSource s = new YamlSource(name, null);
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? name : name + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            String reason = "invalid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage());
            s.problems.add(new Problem(where, "", null, reason));
            return s;
        } catch (RuntimeException e) {
            YamlSource s = new YamlSource(name, null);
            s.problems.add(new Problem(name, "", null, "invalid YAML: " + e.getMessage()));
            return s;
        }
    }

    public String name() {
        return name;
    }

    /** The root node, or empty for an empty document or a syntax error. */
    public Optional<Node> root() {
        return Optional.ofNullable(root);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Puts the problems in document order (line, then column); problems without a position come first. */
    public void sortProblems() {
        problems.sort(java.util.Comparator.comparingLong(this::position));
    }

    private long position(Problem p) {
        String where = p.where();
        java.util.regex.Matcher m = where.startsWith(name + ":")
                ? POSITION.matcher(where.substring(name.length() + 1)) : null;
        return m != null && m.matches() ? Long.parseLong(m.group(1)) << 32 | Long.parseLong(m.group(2)) : 0;
    }

    public String where(Node node) {
        if (node == null || node.getStartMark() == null) {
            return name;
        }
        Mark m = node.getStartMark();
        return name + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    }

    public int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    public void problem(Node at, String property, String value, String reason) {
        problems.add(new Problem(where(at), property, value, reason));
    }

    /** Scalar text of a node, or null (and a problem) when it is a list or mapping. */
    public String scalar(Node node, String property) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(node, property, null, "must be a single value, not a " + kind(node));
        return null;
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && "tag:yaml.org,2002:null".equals(s.getTag().getValue());
    }

    /**
     * The entries of a mapping node in order; reports a non-mapping, duplicate keys and every key
     * not in {@code allowed} (null means any key is allowed).
     */
    public Map<String, Node> mapping(Node node, String property, Set<String> allowed) {
        Map<String, Node> out = new java.util.LinkedHashMap<>();
        if (!(node instanceof MappingNode m)) {
            problem(node, property, null, "must be a mapping, not a " + kind(node));
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
            String path = property.isEmpty() ? String.valueOf(key) : property + "." + key;
            if (key == null) {
                problem(t.getKeyNode(), property, null, "keys must be plain strings");
                continue;
            }
            if (out.containsKey(key)) {
                problem(t.getKeyNode(), path, null, "is given twice");
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                problem(t.getKeyNode(), path, null, "is not a known key (known: " + String.join(", ", new LinkedHashSet<>(allowed)) + ")");
                continue;
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    /** The items of a sequence node; a single scalar is accepted as a one-item list when {@code lenient}. */
    public List<Node> sequence(Node node, String property, boolean lenient) {
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        if (lenient && node instanceof ScalarNode) {
            return List.of(node);
        }
        problem(node, property, null, "must be a list, not a " + kind(node));
        return List.of();
    }

    public static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "mapping";
        }
        if (node instanceof SequenceNode) {
            return "list";
        }
        return "value";
    }
}
