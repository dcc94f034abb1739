package io.dockmedic.remediation;

import io.dockmedic.remediation.Playbook.Kind;
import io.dockmedic.remediation.Playbook.Step;
import io.dockmedic.yaml.NodeTrees;
import io.dockmedic.yaml.Problem;
import io.dockmedic.yaml.ProblemsException;
import io.dockmedic.yaml.Scalars;
import io.dockmedic.yaml.YamlSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Strictly loads playbooks: the built-in ones ({@code /playbooks/builtin.yml} on the class path),
 * then every {@code *.yml} in the given directories (missing directories are skipped), a later
 * playbook replacing an earlier one of the same name. Every problem is reported with file:line:column,
 * all at once.
 *
 * <pre>
 * playbooks:
 *   - name: restart
 *     description: restart the container and check that it becomes healthy
 *     steps:
 *       - do: restart            # or: service: db (a service of the same compose project)
 *         timeout: 10s           # stop timeout before the kill
 *       - do: wait-healthy
 *         timeout: 90s
 * </pre>
 */
public final class PlaybookLoader {
    /** The built-in playbooks' file, in {@code /playbooks/} of the jar. */
    static final String BUILTIN = "builtin.yml";
    private static final String BUILTIN_TREES = "/playbooks/" + NodeTrees.BUILTIN_PLAYBOOKS;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<String> PLAYBOOK_KEYS = new java.util.LinkedHashSet<>(List.of("name", "description", "steps"));
    private static final Map<Kind, Set<String>> STEP_KEYS = Map.of(
            Kind.RESTART, Set.of("do", "service", "timeout"),
            Kind.RESTART_DEPENDENTS, Set.of("do", "timeout"),
            Kind.WAIT_HEALTHY, Set.of("do", "timeout"),
            Kind.EXEC, Set.of("do", "command", "timeout"),
            Kind.WEBHOOK, Set.of("do", "url"),
            Kind.STOP, Set.of("do", "timeout"),
            Kind.NOTIFY_ONLY, Set.of("do"));
    private static final Map<Kind, Duration> DEFAULT_TIMEOUT = Map.of(
            Kind.RESTART, Duration.ofSeconds(10), Kind.RESTART_DEPENDENTS, Duration.ofSeconds(10),
            Kind.WAIT_HEALTHY, Duration.ofSeconds(90), Kind.EXEC, Duration.ofSeconds(30), Kind.STOP, Duration.ofSeconds(10));

    private final Map<String, Playbook> playbooks = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    private PlaybookLoader() {
    }

    /** Built-ins plus the directories' files, by name. */
    public static Map<String, Playbook> load(List<Path> dirs) throws ProblemsException {
        PlaybookLoader l = new PlaybookLoader();
        // as the build parsed them (NodeTrees): no YAML parser on the daemon's way to ready
        try (InputStream in = PlaybookLoader.class.getResourceAsStream(BUILTIN_TREES)) {
            if (in == null) {
                throw new IllegalStateException("built-in playbooks missing from the jar: the build writes " + BUILTIN_TREES);
            }
            YamlSource builtin = NodeTrees.read(in).get(NodeTrees.BUILTIN_PREFIX + BUILTIN);
            if (builtin == null) {
                throw new IllegalStateException(BUILTIN_TREES + " in the jar holds no " + BUILTIN);
            }
            l.file(builtin);
        } catch (IOException e) {
            throw new IllegalStateException("built-in playbooks cannot be read from the jar", e);
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList()) {
                    l.file(YamlSource.read(f));
                }
            } catch (IOException e) {
                l.problems.add(new Problem(dir.toString(), "", null, "cannot be read: " + e.getMessage()));
            }
        }
        if (!l.problems.isEmpty()) {
            throw new ProblemsException("playbooks", l.problems);
        }
        return Map.copyOf(l.playbooks);
    }

    /** Loads one document (for tests of the strict loading). */
    static Map<String, Playbook> parse(String name, String text) throws ProblemsException {
        PlaybookLoader l = new PlaybookLoader();
        l.file(YamlSource.parse(name, text));
        if (!l.problems.isEmpty()) {
            throw new ProblemsException("playbooks", l.problems);
        }
        return l.playbooks;
    }

    private void file(YamlSource src) {
        src.root().ifPresent(root -> {
            Node list = src.mapping(root, "", Set.of("playbooks")).get("playbooks");
            if (list != null) {
                for (Node pb : src.sequence(list, "playbooks", false)) {
                    playbook(src, pb);
                }
            }
        });
        problems.addAll(src.problemsInDocumentOrder());
    }

    private void playbook(YamlSource src, Node node) {
        int before = src.problems().size();
        Map<String, Node> m = src.mapping(node, "playbooks[]", PLAYBOOK_KEYS);
        String name = m.containsKey("name") ? src.scalar(m.get("name"), "name") : null;
        if (name == null) {
            src.problem(node, "name", null, "is required");
            return;
        }
        if (!NAME.matcher(name).matches()) {
            src.problem(m.get("name"), "name", name, "must be lower-case letters, digits, '.', '_' or '-'");
        }
        String p = "playbook " + name;
        String description = m.containsKey("description") ? src.scalar(m.get("description"), p + ".description") : "";
        List<Step> steps = new ArrayList<>();
        if (!m.containsKey("steps")) {
            src.problem(node, p + ".steps", null, "is required");
        } else {
            for (Node s : src.sequence(m.get("steps"), p + ".steps", false)) {
                Step step = step(src, s, p + ".steps");
                if (step != null) {
                    steps.add(step);
                }
            }
            if (steps.isEmpty() && src.problems().size() == before) {
                src.problem(m.get("steps"), p + ".steps", null, "must have at least one step");
            }
        }
        int lastAction = -1;
        int lastWait = -1;
        for (int i = 0; i < steps.size(); i++) {
            Kind k = steps.get(i).kind();
            if (k == Kind.RESTART || k == Kind.RESTART_DEPENDENTS || k == Kind.EXEC) {
                lastAction = i;
            } else if (k == Kind.WAIT_HEALTHY) {
                lastWait = i;
            }
        }
        if (lastAction > lastWait) {
            src.problem(m.get("steps"), p + ".steps", null,
                    "must have a wait-healthy step after its last restart or exec, so that it checks its own effect");
        }
        if (src.problems().size() == before) {
            playbooks.put(name, new Playbook(name, description == null ? "" : description, steps, src.where(node)));
        }
    }

    private Step step(YamlSource src, Node node, String p) {
        Map<String, Node> m = src.mapping(node, p + "[]", null);
        String what = m.containsKey("do") ? src.scalar(m.get("do"), p + "[].do") : null;
        if (what == null) {
            src.problem(node, p + "[].do", null, "is required (one of: " + kinds() + ")");
            return null;
        }
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k.id.equals(what)).findFirst().orElse(null);
        if (kind == null) {
            src.problem(m.get("do"), p + "[].do", what, "is not one of: " + kinds());
            return null;
        }
        String sp = p + "[" + what + "]";
        int before = src.problems().size();
        for (Map.Entry<String, Node> e : m.entrySet()) {
            if (!STEP_KEYS.get(kind).contains(e.getKey())) {
                src.problem(e.getValue(), sp + "." + e.getKey(), null,
                        "is not a key of a " + what + " step (known: " + String.join(", ", STEP_KEYS.get(kind).stream().sorted().toList()) + ")");
            }
        }
        Duration timeout = DEFAULT_TIMEOUT.get(kind);
        if (m.containsKey("timeout")) {
            String t = src.scalar(m.get("timeout"), sp + ".timeout");
            try {
                timeout = t == null ? timeout : Scalars.duration(t);
            } catch (IllegalArgumentException e) {
                src.problem(m.get("timeout"), sp + ".timeout", t, e.getMessage());
            }
        }
        String service = m.containsKey("service") ? src.scalar(m.get("service"), sp + ".service") : null;
        List<String> command = new ArrayList<>();
        if (kind == Kind.EXEC) {
            if (!m.containsKey("command")) {
                src.problem(node, sp + ".command", null, "is required");
            } else {
                for (Node c : src.sequence(m.get("command"), sp + ".command", false)) {
                    String s = src.scalar(c, sp + ".command");
                    if (s != null) {
                        command.add(s);
                    }
                }
            }
        }
        URI url = null;
        if (m.containsKey("url")) {
            String u = src.scalar(m.get("url"), sp + ".url");
            try {
                url = u == null ? null : Scalars.httpUrl(u);
            } catch (IllegalArgumentException e) {
                src.problem(m.get("url"), sp + ".url", null, e.getMessage());
            }
        }
        return src.problems().size() == before ? new Step(kind, service, timeout, command, url) : null;
    }

    private static String kinds() {
        return Arrays.stream(Kind.values()).map(Kind::id).collect(Collectors.joining(", "));
    }
}
