package io.dockmedic.yaml;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern POSITION = Pattern.compile("(\\d+):(\\d+)");
    /** The largest file read (the parser's code point limit is the same): larger is a problem, never read whole. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    private final String name;
    private final Node root;
    private final List<Problem> problems = new ArrayList<>();

    private YamlSource(String name, Node root) {
        this.name = name;
        this.root = root;
    }

    /** Reads a file; a syntax error or invalid UTF-8 becomes a problem with its position, not an exception. */
    public static YamlSource read(Path file) throws IOException {
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            YamlSource s = new YamlSource(file.toString(), null);
            s.problems.add(new Problem(file.toString(), "", null, "is larger than " + MAX_BYTES / (1024 * 1024)
                    + " MiB; a config, rule or playbook file is never that large"));
            return s;
        }
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

    /**
     * Like {@link #read}, but never throws: a missing, unreadable or directory path becomes a problem
     * naming the file, and the root is then empty.
     */
    public static YamlSource open(Path file) {
        String reason;
        try {
            if (!Files.isDirectory(file)) {
                return read(file);
            }
            reason = "is a directory, not a file";
        } catch (IOException e) {
            reason = unreadable(e);
        }
        YamlSource s = new YamlSource(file.toString(), null);
        s.problems.add(new Problem(file.toString(), "", null, reason));
        return s;
    }

    /** Why a file could not be read, as a problem's reason ("does not exist", ...). */
    public static String unreadable(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "cannot be read: permission denied";
        }
        return "cannot be read: " + e.getMessage();
    }

    /** A document already parsed ({@link NodeTrees}). */
    static YamlSource ofTree(String name, Node root) {
        return new YamlSource(name, root);
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
            String reason = "invalid YAML: " + withoutText(e.getProblem() != null ? e.getProblem() : e.getContext());
            s.problems.add(new Problem(where, "", null, reason));
            return s;
        } catch (RuntimeException e) {
            YamlSource s = new YamlSource(name, null);
            s.problems.add(new Problem(name, "", null, "invalid YAML: " + withoutText(e.getMessage())));
            return s;
        }
    }

    /**
     * A parser's reason without the document's text: SnakeYAML names undefined tag handles and aliases
     * (and a whole line in its snippets, never used here), and the text may be a secret. Single
     * characters it names ({@code found character '@'}) stay; nothing longer than a line is kept.
     */
    static String withoutText(String reason) {
        if (reason == null) {
            return "syntax error";
        }
        for (String named : new String[] {"found undefined tag handle", "found undefined alias"}) {
            if (reason.startsWith(named)) {
                return named;
            }
        }
        String line = reason.lines().findFirst().orElse("");
        StringBuilder sb = new StringBuilder();
        line.codePoints().limit(200).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return sb.toString();
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

    /**
     * The problems sorted by line and column (problems without a position first). A mapping's bad keys
     * are reported before its values are visited; this restores the order of the document.
     */
    public List<Problem> problemsInDocumentOrder() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingLong(this::position));
        return sorted;
    }

    /** Line and column of a problem in this file as one sortable number; 0 when it has none. */
    private long position(Problem p) {
        String where = p.where();
        Matcher m = where.startsWith(name + ":") ? POSITION.matcher(where.substring(name.length() + 1)) : null;
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

    /** {@code true} or {@code false}; anything else is a problem and reads as false. */
    public boolean bool(Node node, String property) {
        String v = scalar(node, property);
        if (v != null && !"true".equals(v) && !"false".equals(v)) {
            problem(node, property, v, "must be true or false");
        }
        return "true".equals(v);
    }

    /** A whole number from {@code min} to {@code max}; anything else is a problem (and reads as min when not a number). */
    public int wholeNumber(Node node, String property, int min, int max) {
        String v = scalar(node, property);
        if (v == null) {
            return min;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                problem(node, property, v, "must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            problem(node, property, v, "is not a whole number");
            return min;
        }
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
