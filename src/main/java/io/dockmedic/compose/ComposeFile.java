package io.dockmedic.compose;

import io.dockmedic.yaml.Problem;
import io.dockmedic.yaml.YamlSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The parts of a compose file that the doctor checks and the agent's stack model reads, each with
 * its line: services, their environment, env_file, depends_on, network_mode, healthcheck, profiles,
 * replicas, restart policy and the names they answer to on the network, plus every scalar value (for
 * interpolation). Values are raw, before interpolation. YAML merge keys ({@code <<}) are followed.
 * Lenient: keys it does not know are ignored (Compose validates those). Holds environment VALUES
 * of the file in memory only ({@link EnvDef#toString} never shows them).
 */
public final class ComposeFile {

    /** An entry of {@code environment}: value is raw text, or null for a bare name. */
    public record EnvDef(String name, String value, int line) {
        @Override
        public String toString() {
            return name + " (line " + line + ")"; // never the value
        }
    }

    /** An entry of {@code env_file}. */
    public record EnvFileRef(String path, boolean required, int line) {
    }

    /** An entry of {@code depends_on}; condition is service_started when not given. */
    public record Dependency(String service, String condition, int line) {
        public boolean healthy() {
            return "service_healthy".equals(condition);
        }
    }

    /** A scalar value somewhere in the file. */
    public record Value(String text, int line) {
    }

    /**
     * One service.
     *
     * @param healthcheck   line of an enabled healthcheck, or 0 when the compose file gives none
     * @param names         host names it answers to: service name, container_name, hostname, aliases
     * @param containerName container_name, or null
     * @param restart       restart policy as written, or null when not given (Compose's default is "no")
     * @param profiles      the profiles it belongs to, or null when not given (then it always runs)
     * @param replicas      deploy.replicas, else scale, when given as a number; else null
     */
    public record Service(String name, int line, String image, String buildContext, String dockerfile,
                          String networkMode, int healthcheck, Set<String> names,
                          List<EnvDef> environment, List<EnvFileRef> envFiles, List<Dependency> dependsOn,
                          String containerName, String restart, List<String> profiles, Integer replicas) {

        /** The service named by {@code network_mode: service:X}, or null. */
        public String networkService() {
            return networkMode != null && networkMode.startsWith("service:") ? networkMode.substring("service:".length()) : null;
        }
    }

    private final YamlSource src;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final List<Value> values = new ArrayList<>();
    private final Set<Node> visited = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private ComposeFile(YamlSource src) {
        this.src = src;
    }

    /** Parses compose YAML; syntax errors and a missing {@code services} mapping are {@link #problems()}. */
    public static ComposeFile parse(String file, String text) {
        return of(YamlSource.parse(file, text));
    }

    /** Reads and parses a file; a missing or unreadable file is a problem too, never an exception. */
    public static ComposeFile open(java.nio.file.Path file) {
        return of(YamlSource.open(file));
    }

    private static ComposeFile of(YamlSource src) {
        ComposeFile c = new ComposeFile(src);
        c.src.root().ifPresent(c::read);
        if (c.src.problems().isEmpty() && c.services.isEmpty()) {
            c.src.problems().add(new Problem(src.name(), "services", null, "is missing or empty: a compose file defines its services under 'services:'"));
        }
        return c;
    }

    private void read(Node root) {
        collectValues(root);
        if (!(root instanceof MappingNode)) {
            src.problem(root, "", null, "must be a mapping with 'services:', not a " + YamlSource.kind(root));
            return;
        }
        Node servicesNode = entries(root).get("services");
        if (servicesNode == null || YamlSource.isNull(servicesNode)) {
            return;
        }
        if (!(servicesNode instanceof MappingNode)) {
            src.problem(servicesNode, "services", null, "must be a mapping of service names");
            return;
        }
        for (NodeTuple t : ((MappingNode) servicesNode).getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && !"<<".equals(k.getValue())) {
                services.put(k.getValue(), service(k.getValue(), t.getKeyNode(), t.getValueNode()));
            }
        }
    }

    private Service service(String name, Node keyNode, Node node) {
        Map<String, Node> m = node instanceof MappingNode ? entries(node) : Map.of();
        Set<String> names = new LinkedHashSet<>();
        names.add(name);
        addText(names, m.get("container_name"));
        addText(names, m.get("hostname"));
        Node networks = m.get("networks");
        if (networks instanceof MappingNode) {
            for (Node net : entries(networks).values()) {
                if (net instanceof MappingNode) {
                    Node aliases = entries(net).get("aliases");
                    if (aliases instanceof SequenceNode s) {
                        s.getValue().forEach(a -> addText(names, a));
                    }
                }
            }
        }
        Node links = m.get("links");
        if (links instanceof SequenceNode s) {
            for (Node l : s.getValue()) {
                String link = text(l);
                if (link != null) {
                    names.add(link.contains(":") ? link.substring(link.indexOf(':') + 1) : link);
                }
            }
        }
        String buildContext = null;
        String dockerfile = null;
        Node build = m.get("build");
        if (build instanceof ScalarNode) {
            buildContext = text(build);
        } else if (build instanceof MappingNode) {
            Map<String, Node> b = entries(build);
            buildContext = b.containsKey("context") ? text(b.get("context")) : ".";
            dockerfile = text(b.get("dockerfile"));
        }
        return new Service(name, src.line(keyNode), text(m.get("image")), buildContext, dockerfile,
                text(m.get("network_mode")), healthcheck(m.get("healthcheck")), Set.copyOf(names),
                environment(m.get("environment")), envFiles(m.get("env_file")), dependsOn(m.get("depends_on")),
                text(m.get("container_name")), text(m.get("restart")), profiles(m.get("profiles")), replicas(m));
    }

    private static List<String> profiles(Node node) {
        if (node instanceof SequenceNode s) {
            return s.getValue().stream().map(ComposeFile::text).filter(java.util.Objects::nonNull).toList();
        }
        String one = text(node);
        return one == null ? null : List.of(one);
    }

    /** deploy.replicas wins over the legacy scale, as in Compose; null when absent or not a number (e.g. ${N}). */
    private static Integer replicas(Map<String, Node> service) {
        Node deploy = service.get("deploy");
        String n = deploy instanceof MappingNode ? text(entries(deploy).get("replicas")) : null;
        if (n == null) {
            n = text(service.get("scale"));
        }
        try {
            return n == null ? null : Integer.valueOf(n.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private int healthcheck(Node node) {
        if (!(node instanceof MappingNode)) {
            return 0;
        }
        Map<String, Node> h = entries(node);
        if ("true".equals(text(h.get("disable")))) {
            return 0;
        }
        Node test = h.get("test");
        String first = test instanceof SequenceNode s && !s.getValue().isEmpty() ? text(s.getValue().get(0)) : text(test);
        if ("NONE".equals(first)) {
            return 0;
        }
        return test == null ? 0 : src.line(node);
    }

    private List<EnvDef> environment(Node node) {
        List<EnvDef> out = new ArrayList<>();
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = text(t.getKeyNode());
                if (key != null) {
                    Node v = t.getValueNode();
                    out.add(new EnvDef(key, YamlSource.isNull(v) ? null : text(v), src.line(t.getKeyNode())));
                }
            }
        } else if (node instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                String entry = text(item);
                if (entry != null) {
                    int eq = entry.indexOf('=');
                    out.add(new EnvDef(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : entry.substring(eq + 1), src.line(item)));
                }
            }
        }
        return out;
    }

    private List<EnvFileRef> envFiles(Node node) {
        List<EnvFileRef> out = new ArrayList<>();
        List<Node> items = node instanceof SequenceNode s ? s.getValue() : node == null ? List.of() : List.of(node);
        for (Node item : items) {
            if (item instanceof MappingNode) {
                Map<String, Node> e = entries(item);
                String path = text(e.get("path"));
                if (path != null) {
                    out.add(new EnvFileRef(path, !"false".equals(text(e.get("required"))), src.line(item)));
                }
            } else if (text(item) != null) {
                out.add(new EnvFileRef(text(item), true, src.line(item)));
            }
        }
        return out;
    }

    private List<Dependency> dependsOn(Node node) {
        List<Dependency> out = new ArrayList<>();
        if (node instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                if (text(item) != null) {
                    out.add(new Dependency(text(item), "service_started", src.line(item)));
                }
            }
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String dep = text(t.getKeyNode());
                if (dep != null) {
                    String condition = t.getValueNode() instanceof MappingNode ? text(entries(t.getValueNode()).get("condition")) : null;
                    out.add(new Dependency(dep, condition == null ? "service_started" : condition, src.line(t.getKeyNode())));
                }
            }
        }
        return out;
    }

    /** Entries of a mapping with YAML merge keys applied (explicit keys win). */
    private static Map<String, Node> entries(Node node) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode m)) {
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && "<<".equals(k.getValue())) {
                List<Node> merged = t.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(t.getValueNode());
                for (Node base : merged) {
                    entries(base).forEach(out::putIfAbsent);
                }
            }
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && !"<<".equals(k.getValue())) {
                out.put(k.getValue(), t.getValueNode());
            }
        }
        return out;
    }

    private void collectValues(Node node) {
        if (!visited.add(node)) {
            return; // an alias of a node already seen
        }
        if (node instanceof ScalarNode s) {
            if (!YamlSource.isNull(s)) {
                values.add(new Value(s.getValue(), src.line(s)));
            }
        } else if (node instanceof SequenceNode s) {
            s.getValue().forEach(this::collectValues);
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                collectValues(t.getValueNode());
            }
        }
    }

    private static String text(Node node) {
        return node instanceof ScalarNode s && !YamlSource.isNull(s) ? s.getValue() : null;
    }

    private static void addText(Set<String> names, Node node) {
        String t = text(node);
        if (t != null) {
            names.add(t);
        }
    }

    public String file() {
        return src.name();
    }

    public Map<String, Service> services() {
        return services;
    }

    /** Every scalar value of the file (not keys), in document order, for interpolation checks. */
    public List<Value> values() {
        return values;
    }

    public List<Problem> problems() {
        return src.problems();
    }
}
