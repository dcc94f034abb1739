package io.dockmedic.rules;

import io.dockmedic.yaml.NodeTrees;
import io.dockmedic.yaml.Problem;
import io.dockmedic.yaml.ProblemsException;
import io.dockmedic.yaml.YamlSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads rule files strictly: unknown keys, bad regexes, duplicate ids and unknown categories are
 * problems with file:line:column and the rule id, all reported at once. Built-in rules ship in the
 * jar under {@code /rules/builtin/}; rules from configured directories override them by id (or add
 * new ones, or turn one off with {@code disabled: true}).
 */
public final class RuleLoader {
    public static final String BUILTIN_DIR = "/rules/builtin/";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private static final Set<String> FILE_KEYS = ordered("rules");
    private static final Set<String> RULE_KEYS = ordered(
            "id", "category", "severity", "priority", "confidence", "title", "cause", "remedy",
            "playbook", "disabled", "match", "description");
    private static final Set<String> TEXT_KEYS = ordered("en", "zh");

    static Set<String> ordered(String... keys) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(keys)));
    }

    private final List<Problem> problems = new ArrayList<>();
    private final ConditionReader conditions = new ConditionReader();

    /** A rule definition as read, before layering. */
    private record Def(String id, Rule rule, boolean disabled, String where) {
    }

    private RuleLoader() {
    }

    /** The built-in rules only. */
    public static RuleSet builtin() throws ProblemsException {
        return load(List.of(), true);
    }

    /**
     * Built-ins (when {@code withBuiltins}) overlaid with every {@code *.yml}/{@code *.yaml} file of
     * the given directories (in order; a missing directory is skipped) or given files.
     */
    public static RuleSet load(List<Path> dirsOrFiles, boolean withBuiltins) throws ProblemsException {
        return await(loadInBackground(dirsOrFiles, withBuiltins));
    }

    /**
     * {@link #load} on a thread of its own, returned at once: the daemon compiles its rules while it subscribes to
     * the engine (a diagnosis waits for them, the event stream does not). {@link #await} gives the result.
     */
    public static CompletableFuture<RuleSet> loadInBackground(List<Path> dirsOrFiles, boolean withBuiltins) {
        // compiling regular expressions recurses over their syntax tree: give it a deep stack of its own,
        // whatever -Xss the daemon runs with
        CompletableFuture<RuleSet> result = new CompletableFuture<>();
        Thread t = new Thread(null, () -> {
            try {
                result.complete(loadOnThisThread(dirsOrFiles, withBuiltins));
            } catch (StackOverflowError so) {
                result.completeExceptionally(new ProblemsException("invalid rules", List.of(new Problem("", "", null,
                        "a pattern is nested too deeply to compile: " + so))));
            } catch (ProblemsException | RuntimeException | Error e) { // an OutOfMemoryError too: the caller reports it
                result.completeExceptionally(e);
            }
        }, "dockmedic-rules-loader", 64L * 1024 * 1024);
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** Waits for a {@link #loadInBackground} and throws what it threw. */
    public static RuleSet await(CompletableFuture<RuleSet> loading) throws ProblemsException {
        try {
            return loading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading rules", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProblemsException pe) {
                throw pe;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("loading rules failed", cause);
        }
    }

    private static RuleSet loadOnThisThread(List<Path> dirsOrFiles, boolean withBuiltins) throws ProblemsException {
        RuleLoader loader = new RuleLoader();
        Map<String, Def> result = new LinkedHashMap<>();
        if (withBuiltins) {
            for (Def d : loader.readBuiltins()) {
                loader.layer(result, d, true);
            }
        }
        Set<String> userIds = new HashSet<>();
        for (Path p : ruleFiles(dirsOrFiles, loader.problems)) {
            for (Def d : loader.readFile(p)) {
                if (!userIds.add(d.id())) {
                    loader.problems.add(new Problem(d.where(), "rules[" + d.id() + "].id", d.id(),
                            "is defined twice in user rule files"));
                    continue;
                }
                loader.layer(result, d, false);
            }
        }
        if (!loader.problems.isEmpty()) {
            throw new ProblemsException("invalid rules", byPosition(loader.problems));
        }
        List<Rule> rules = new ArrayList<>();
        for (Def d : result.values()) {
            if (!d.disabled() && d.rule() != null) {
                rules.add(d.rule());
            }
        }
        return new RuleSet(rules, loader.conditions.patterns());
    }

    private void layer(Map<String, Def> result, Def d, boolean builtin) {
        if (builtin && result.containsKey(d.id())) {
            problems.add(new Problem(d.where(), "rules[" + d.id() + "].id", d.id(), "is defined twice in the built-in rules"));
            return;
        }
        if (d.rule() == null && !d.disabled()) {
            return; // had errors, already reported
        }
        if (d.rule() == null && !result.containsKey(d.id())) {
            problems.add(new Problem(d.where(), "rules[" + d.id() + "].disabled", "true",
                    "turns off a rule that does not exist; give the full rule or the id of a built-in"));
            return;
        }
        result.put(d.id(), d);
    }

    /** Problems in file order (as first named), each file's by line and column. */
    static List<Problem> byPosition(List<Problem> problems) {
        Map<String, Integer> fileOrder = new LinkedHashMap<>();
        for (Problem p : problems) {
            fileOrder.putIfAbsent(position(p.where())[0], fileOrder.size());
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(java.util.Comparator
                .comparingInt((Problem p) -> fileOrder.get(position(p.where())[0]))
                .thenComparingInt(p -> Integer.parseInt(position(p.where())[1]))
                .thenComparingInt(p -> Integer.parseInt(position(p.where())[2])));
        return sorted;
    }

    /** "file:line:col" split into file, line, column ("0" when absent). */
    private static String[] position(String where) {
        java.util.regex.Matcher m = POSITION.matcher(where == null ? "" : where);
        return m.matches() ? new String[] {m.group(1), m.group(2), m.group(3)} : new String[] {where, "0", "0"};
    }

    private static final Pattern POSITION = Pattern.compile("(.*):(\\d+):(\\d+)");

    /** The value of a scalar {@code key} of a mapping node, read before the strict pass; null when absent. */
    static String peek(Node node, String key) {
        if (node instanceof MappingNode mn) {
            for (var t : mn.getValue()) {
                if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k && key.equals(k.getValue())
                        && t.getValueNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode v) {
                    return v.getValue();
                }
            }
        }
        return null;
    }

    static List<Path> ruleFiles(List<Path> dirsOrFiles, List<Problem> problems) {
        List<Path> files = new ArrayList<>();
        for (Path p : dirsOrFiles) {
            if (Files.isRegularFile(p)) {
                files.add(p);
            } else if (Files.isDirectory(p)) {
                List<Path> inDir = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p, "*.{yml,yaml}")) {
                    for (Path f : ds) {
                        if (Files.isRegularFile(f) && !f.getFileName().toString().contains(".test.")) {
                            inDir.add(f);
                        }
                    }
                } catch (IOException e) {
                    problems.add(new Problem(p.toString(), "", null, "cannot be read: " + e.getMessage()));
                }
                inDir.sort(null);
                files.addAll(inDir);
            }
        }
        return files;
    }

    /**
     * The built-in rule files, as the build parsed them ({@link NodeTrees#BUILTIN_RULES}: reading SnakeYAML's parse of
     * them was half of loading the rules); read by the same code as a user's rule file from there on.
     */
    private List<Def> readBuiltins() {
        Map<String, YamlSource> trees;
        try (InputStream in = RuleLoader.class.getResourceAsStream(BUILTIN_DIR + NodeTrees.BUILTIN_RULES)) {
            if (in == null) {
                problems.add(new Problem(NodeTrees.BUILTIN_PREFIX + NodeTrees.BUILTIN_RULES, "", null,
                        "is missing: the build writes it (mvn process-classes)"));
                return List.of();
            }
            trees = NodeTrees.read(in);
        } catch (IOException e) {
            problems.add(new Problem(NodeTrees.BUILTIN_PREFIX + NodeTrees.BUILTIN_RULES, "", null, "cannot be read: " + e.getMessage()));
            return List.of();
        }
        List<Def> defs = new ArrayList<>();
        for (String name : builtinFileNames()) {
            YamlSource src = trees.get(NodeTrees.BUILTIN_PREFIX + name);
            if (src == null) {
                problems.add(new Problem(NodeTrees.BUILTIN_PREFIX + name, "", null, "is listed in index.txt but missing"));
                continue;
            }
            defs.addAll(readSource(src));
        }
        return defs;
    }

    /** Names of the built-in rule files, from {@code /rules/builtin/index.txt}. */
    public static List<String> builtinFileNames() {
        try (InputStream in = RuleLoader.class.getResourceAsStream(BUILTIN_DIR + "index.txt")) {
            if (in == null) {
                return List.of();
            }
            return NodeTrees.indexEntries(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in rule index", e);
        }
    }

    private List<Def> readFile(Path file) {
        try {
            return readSource(YamlSource.read(file));
        } catch (IOException e) {
            problems.add(new Problem(file.toString(), "", null, "cannot be read: " + e.getMessage()));
            return List.of();
        }
    }

    private List<Def> readSource(YamlSource src) {
        List<Def> defs = new ArrayList<>();
        src.root().ifPresent(root -> {
            Map<String, Node> top = src.mapping(root, "", FILE_KEYS);
            Node list = top.get("rules");
            if (list == null) {
                src.problem(root, "rules", null, "is missing: a rule file has a top-level 'rules:' list");
                return;
            }
            int i = 0;
            for (Node item : src.sequence(list, "rules", false)) {
                Def d = readRule(src, item, i++);
                if (d != null) {
                    defs.add(d);
                }
            }
        });
        problems.addAll(src.problems());
        return defs;
    }

    private Def readRule(YamlSource src, Node node, int index) {
        int before = src.problems().size();
        String peeked = peek(node, "id");
        String p = "rules[" + (peeked != null && !peeked.isBlank() ? peeked : String.valueOf(index)) + "]";
        Map<String, Node> m = src.mapping(node, p, RULE_KEYS);
        String id = m.containsKey("id") ? src.scalar(m.get("id"), p + ".id") : null;
        if (id == null) {
            src.problem(node, p + ".id", null, "is missing");
            return null;
        }
        if (!ID.matcher(id).matches()) {
            src.problem(m.get("id"), p + ".id", id, "must be lowercase letters, digits and dashes (at most 64)");
        }
        boolean disabled = m.containsKey("disabled") && src.bool(m.get("disabled"), p + ".disabled");
        if (disabled && m.size() == (m.containsKey("description") ? 3 : 2)) {
            return new Def(id, null, true, src.where(node));
        }
        Category category = null;
        String cat = required(src, m, node, "category", p);
        if (cat != null) {
            category = Category.of(cat).filter(c -> c != Category.UNCLASSIFIED).orElse(null);
            if (Category.UNCLASSIFIED.id().equals(cat)) {
                src.problem(m.get("category"), p + ".category", cat,
                        "is reserved for failures no rule matched; pick the category of the cause");
            } else if (category == null) {
                src.problem(m.get("category"), p + ".category", cat, "is not one of: " + ruleCategories());
            }
        }
        Severity severity = Severity.WARNING;
        String sev = required(src, m, node, "severity", p);
        if (sev != null) {
            severity = Severity.of(sev).orElse(null);
            if (severity == null) {
                src.problem(m.get("severity"), p + ".severity", sev, "is not one of: critical, warning, info");
            }
        }
        int priority = m.containsKey("priority") ? src.wholeNumber(m.get("priority"), p + ".priority", 0, 1000) : 50;
        double confidence = 0.8;
        if (m.containsKey("confidence")) {
            String c = src.scalar(m.get("confidence"), p + ".confidence");
            try {
                confidence = Double.parseDouble(c);
                if (confidence <= 0 || confidence > 1) {
                    src.problem(m.get("confidence"), p + ".confidence", c, "must be a number in (0, 1]");
                }
            } catch (NumberFormatException | NullPointerException e) {
                src.problem(m.get("confidence"), p + ".confidence", c, "must be a number in (0, 1]");
            }
        }
        Text title = text(src, m, node, "title", p);
        Text cause = text(src, m, node, "cause", p);
        Text remedy = text(src, m, node, "remedy", p);
        String playbook = m.containsKey("playbook") ? src.scalar(m.get("playbook"), p + ".playbook") : null;
        Condition match = null;
        if (!m.containsKey("match")) {
            src.problem(node, p + ".match", null, "is missing");
        } else {
            match = conditions.condition(src, m.get("match"), p + ".match");
        }
        if (src.problems().size() > before) {
            return new Def(id, null, false, src.where(node));
        }
        Rule rule = new Rule(id, category, severity, priority, confidence, title, cause, remedy, playbook, match,
                src.where(node));
        return new Def(id, rule, disabled, src.where(node));
    }

    private static String required(YamlSource src, Map<String, Node> m, Node at, String key, String p) {
        if (!m.containsKey(key)) {
            src.problem(at, p + "." + key, null, "is missing");
            return null;
        }
        return src.scalar(m.get(key), p + "." + key);
    }

    private static Text text(YamlSource src, Map<String, Node> m, Node at, String key, String p) {
        Node n = m.get(key);
        if (n == null) {
            src.problem(at, p + "." + key, null, "is missing (give en and zh)");
            return null;
        }
        Map<String, Node> t = src.mapping(n, p + "." + key, TEXT_KEYS);
        String en = t.containsKey("en") ? src.scalar(t.get("en"), p + "." + key + ".en") : null;
        String zh = t.containsKey("zh") ? src.scalar(t.get("zh"), p + "." + key + ".zh") : null;
        if (en == null || en.isBlank()) {
            src.problem(n, p + "." + key + ".en", null, "is missing or empty");
        }
        return new Text(en == null ? "" : en.strip(), zh == null ? null : zh.strip());
    }


    /** The categories a rule may have: every one of the contract but unclassified. */
    static String ruleCategories() {
        return String.join(", ", Category.ids().stream().filter(c -> !c.equals(Category.UNCLASSIFIED.id())).toList());
    }

}
