package io.dockmedic.yaml;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * YAML documents already parsed, in a compact binary form: the built-in rule files and playbooks, written by the build
 * ({@link #main}, Maven's process-classes phase) from the same files. Parsing their ~400 KB with SnakeYAML was about
 * half of loading the built-in rules, ~200 ms of CPU at every start of the daemon and every CLI command (a fresh JVM
 * runs the parser interpreted); reading this form is a few milliseconds. It keeps what {@link YamlSource} reads: each
 * node's kind, a scalar's tag and value, and where the node starts, so a problem in a built-in still names its
 * file:line:column. Written by hand: SnakeYAML has no serialised form of its node trees, and a general serialiser
 * would need the nodes' internals.
 */
public final class NodeTrees {
    /** The form of the built-in rule files, beside them in the jar. */
    public static final String BUILTIN_RULES = "builtin-rules.trees";
    /** The form of the built-in playbooks, beside them in the jar. */
    public static final String BUILTIN_PLAYBOOKS = "builtin-playbooks.trees";
    /** How the built-in rule files are named in problems and in {@link #BUILTIN_RULES}: "builtin:postgres.yml". */
    public static final String BUILTIN_PREFIX = "builtin:";
    private static final int MAGIC = 0x444d5431; // "DMT1"
    private static final byte NONE = 0;
    private static final byte SCALAR = 1;
    private static final byte SEQUENCE = 2;
    private static final byte MAPPING = 3;
    private static final int[] NO_TEXT = new int[0];
    /** Initial room of a sequence or mapping read: a count is trusted for its items only as they are read. */
    private static final int INITIAL_ITEMS = 64;

    private NodeTrees() {
    }

    /** Writes each document (name -> source, in order); one whose YAML had problems cannot be written. */
    public static void write(Map<String, YamlSource> documents, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        data.writeInt(MAGIC);
        data.writeInt(documents.size());
        for (Map.Entry<String, YamlSource> d : documents.entrySet()) {
            if (!d.getValue().problems().isEmpty()) {
                throw new IllegalArgumentException(d.getKey() + ": " + d.getValue().problems().get(0));
            }
            text(data, d.getKey());
            node(data, d.getValue().root().orElse(null));
        }
        data.flush();
    }

    /** Reads what {@link #write} wrote: the documents by name, in order, each named as it was written. */
    public static Map<String, YamlSource> read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in));
        if (data.readInt() != MAGIC) {
            throw new IOException("not a file of parsed YAML documents");
        }
        int count = data.readInt();
        Map<String, YamlSource> documents = new LinkedHashMap<>();
        Map<String, Tag> tags = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = text(data);
            documents.put(name, YamlSource.ofTree(name, node(data, name, tags)));
        }
        return documents;
    }

    private static void node(DataOutputStream out, Node node) throws IOException {
        if (node == null) {
            out.writeByte(NONE);
            return;
        }
        if (node instanceof ScalarNode s) {
            out.writeByte(SCALAR);
            position(out, node);
            text(out, s.getTag().getValue());
            text(out, s.getValue());
        } else if (node instanceof SequenceNode s) {
            out.writeByte(SEQUENCE);
            position(out, node);
            out.writeInt(s.getValue().size());
            for (Node item : s.getValue()) {
                node(out, item);
            }
        } else if (node instanceof MappingNode m) {
            out.writeByte(MAPPING);
            position(out, node);
            out.writeInt(m.getValue().size());
            for (NodeTuple t : m.getValue()) {
                node(out, t.getKeyNode());
                node(out, t.getValueNode());
            }
        } else {
            throw new IllegalArgumentException("an anchor or a node of unknown kind: " + node.getNodeId());
        }
    }

    private static Node node(DataInputStream in, String name, Map<String, Tag> tags) throws IOException {
        byte kind = in.readByte();
        if (kind == NONE) {
            return null;
        }
        Mark at = new Mark(name, 0, in.readInt(), in.readInt(), NO_TEXT, 0);
        switch (kind) {
            case SCALAR -> {
                Tag tag = tags.computeIfAbsent(text(in), Tag::new);
                return new ScalarNode(tag, text(in), at, at, DumperOptions.ScalarStyle.PLAIN);
            }
            case SEQUENCE -> {
                int n = count(in);
                List<Node> items = new ArrayList<>(Math.min(n, INITIAL_ITEMS));
                for (int i = 0; i < n; i++) {
                    items.add(node(in, name, tags));
                }
                return new SequenceNode(Tag.SEQ, true, items, at, at, DumperOptions.FlowStyle.BLOCK);
            }
            case MAPPING -> {
                int n = count(in);
                List<NodeTuple> tuples = new ArrayList<>(Math.min(n, INITIAL_ITEMS));
                for (int i = 0; i < n; i++) {
                    tuples.add(new NodeTuple(node(in, name, tags), node(in, name, tags)));
                }
                return new MappingNode(Tag.MAP, true, tuples, at, at, DumperOptions.FlowStyle.BLOCK);
            }
            default -> throw new IOException("unknown node kind " + kind);
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("a negative count of items");
        }
        return n;
    }

    /** The file names an index lists, one per line; blank lines and {@code #} comments skipped. */
    public static List<String> indexEntries(String index) {
        return index.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static void position(DataOutputStream out, Node node) throws IOException {
        Mark m = node.getStartMark();
        out.writeInt(m == null ? 0 : m.getLine());
        out.writeInt(m == null ? 0 : m.getColumn());
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String text(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > YamlSource.MAX_BYTES) {
            throw new IOException("a text of " + n + " bytes");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /**
     * The build's step: {@code DIR OUT FILE...} parses each FILE of DIR (a FILE ending in {@code .txt} is an index:
     * the files it lists, one per line) and writes them to DIR/OUT, named {@link #BUILTIN_PREFIX} + file; any YAML
     * problem fails the build.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<String> files = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].endsWith(".txt")) {
                files.addAll(indexEntries(Files.readString(dir.resolve(args[i]), StandardCharsets.UTF_8)));
            } else {
                files.add(args[i]);
            }
        }
        Map<String, YamlSource> documents = new LinkedHashMap<>();
        for (String file : files) {
            documents.put(BUILTIN_PREFIX + file, YamlSource.parse(BUILTIN_PREFIX + file, Files.readString(dir.resolve(file))));
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve(args[1]))) {
            write(documents, out);
        }
    }
}
