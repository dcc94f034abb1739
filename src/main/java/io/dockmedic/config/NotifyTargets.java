package io.dockmedic.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.config.NotifyTarget.Endpoint;
import io.dockmedic.config.NotifyTarget.Filter;
import io.dockmedic.config.NotifyTarget.MinSeverity;
import io.dockmedic.config.NotifyTarget.Type;
import io.dockmedic.yaml.Scalars;
import io.dockmedic.yaml.YamlSource;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code notify.targets}, a list of mappings (the only one in the config, so not a
 * {@link ConfigLoader} key): every problem is located (file:line:column) and names the key, never the
 * value, since URLs and templates of notification targets hold tokens.
 */
final class NotifyTargets {
    static final String PATH = "notify.targets";
    private static final Set<String> KEYS = new LinkedHashSet<>(List.of("name", "type", "url", "min_severity",
            "categories", "projects", "services", "template", "token_file", "chat_id", "max_per_minute", "from", "to", "username"));
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>\"(),;:]{1,64}@[A-Za-z0-9.-]{1,253}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z-]{0,31}");
    private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]{1,20}|@[A-Za-z0-9_]{5,32}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final int MAX_TEMPLATE = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final YamlSource src;
    private final Set<String> names = new HashSet<>();

    private NotifyTargets(YamlSource src) {
        this.src = src;
    }

    /** The valid targets of the list; each bad one becomes problems in {@code src} and is left out. */
    static List<NotifyTarget> read(YamlSource src, Node node) {
        List<NotifyTarget> out = new ArrayList<>();
        if (YamlSource.isNull(node)) {
            return out;
        }
        NotifyTargets reader = new NotifyTargets(src);
        List<Node> items = src.sequence(node, PATH, false);
        for (int i = 0; i < items.size(); i++) {
            reader.target(items.get(i), PATH + "[" + i + "]").ifPresent(out::add);
        }
        return out;
    }

    private Optional<NotifyTarget> target(Node node, String at) {
        int before = src.problems().size();
        Map<String, Node> m = src.mapping(node, at, KEYS);
        String name = text(m, "name", at, node);
        if (name != null && !NAME.matcher(name).matches()) {
            src.problem(m.get("name"), at + ".name", null, "must be 1-32 of a-z, 0-9, '_' and '-', starting with a letter or digit");
        } else if (name != null && !names.add(name)) {
            src.problem(m.get("name"), at + ".name", null, "is used by an earlier target");
        }
        Type type = choice(m, "type", at, node, Type.values(), Type::id);
        MinSeverity min = m.containsKey("min_severity")
                ? choice(m, "min_severity", at, node, MinSeverity.values(), MinSeverity::id) : MinSeverity.WARNING;
        Optional<URI> url = !m.containsKey("url") ? Optional.empty()
                : type == Type.EMAIL ? smtpUrl(m.get("url"), at + ".url") : url(m.get("url"), at + ".url");
        Optional<NotifyTarget.Mail> mail = type == Type.EMAIL ? mail(m, at, node) : Optional.empty();
        Optional<Path> tokenFile = m.containsKey("token_file") ? path(m.get("token_file"), at + ".token_file") : Optional.empty();
        String chatId = m.containsKey("chat_id") ? chatId(m.get("chat_id"), at + ".chat_id") : "";
        String template = m.containsKey("template") ? template(m.get("template"), at + ".template") : "";
        int perMinute = m.containsKey("max_per_minute") ? perMinute(m.get("max_per_minute"), at + ".max_per_minute") : 20;
        Filter filter = new Filter(min == null ? MinSeverity.WARNING : min, set(m, "categories", at, CATEGORY),
                set(m, "projects", at, null), set(m, "services", at, null));
        if (type != null) {
            required(type, m, at, node);
        }
        if (src.problems().size() != before) {
            return Optional.empty();
        }
        return Optional.of(new NotifyTarget(name, type, new Endpoint(url, tokenFile, chatId, template, mail), filter, perMinute));
    }

    /** What each type needs: a URL, a token file, a chat id; email is not in this build. */
    private void required(Type type, Map<String, Node> m, String at, Node node) {
        for (String key : List.of("from", "to", "username")) {
            if (type != Type.EMAIL && m.containsKey(key)) {
                src.problem(m.get(key), at + "." + key, null, "is only for email targets");
            }
        }
        boolean needsUrl = type != Type.TELEGRAM;
        boolean needsToken = type == Type.GOTIFY || type == Type.TELEGRAM;
        if (needsUrl && !m.containsKey("url")) {
            src.problem(node, at + ".url", null, "is required for " + (type == Type.EMAIL ? "an " : "a ") + type.id() + " target");
        }
        if (needsToken && !m.containsKey("token_file")) {
            src.problem(node, at + ".token_file", null, "is required for " + (type == Type.EMAIL ? "an " : "a ") + type.id() + " target");
        }
        if (type == Type.TELEGRAM && !m.containsKey("chat_id")) {
            src.problem(node, at + ".chat_id", null, "is required for a telegram target");
        }
        if (m.containsKey("template") && type != Type.WEBHOOK) {
            src.problem(m.get("template"), at + ".template", null, "is only for webhook targets");
        }
    }

    private String text(Map<String, Node> m, String key, String at, Node parent) {
        Node n = m.get(key);
        if (n == null || YamlSource.isNull(n)) {
            src.problem(n == null ? parent : n, at + "." + key, null, "is required");
            return null;
        }
        String t = src.scalar(n, at + "." + key);
        if (t != null && t.isEmpty()) {
            src.problem(n, at + "." + key, null, "must not be empty");
            return null;
        }
        return t;
    }

    private <E> E choice(Map<String, Node> m, String key, String at, Node parent, E[] choices, java.util.function.Function<E, String> id) {
        String t = text(m, key, at, parent);
        if (t == null) {
            return null;
        }
        for (E c : choices) {
            if (id.apply(c).equals(t)) {
                return c;
            }
        }
        src.problem(m.get(key), at + "." + key, null, "is not one of: "
                + Arrays.stream(choices).map(id).collect(Collectors.joining(", ")));
        return null;
    }

    private Optional<URI> url(Node n, String at) {
        String t = src.scalar(n, at);
        try {
            return t == null ? Optional.empty() : Optional.of(Scalars.httpUrl(t));
        } catch (Scalars.Invalid e) {
            src.problem(n, at, null, e.getMessage()); // never the value: the URL holds the token
            return Optional.empty();
        }
    }

    /** {@code smtp://host:port} or {@code smtps://host:port}, nothing else (no user info: use username and token_file). */
    private Optional<URI> smtpUrl(Node n, String at) {
        String t = src.scalar(n, at);
        if (t == null) {
            return Optional.empty();
        }
        try {
            URI u = new URI(t);
            if (("smtp".equals(u.getScheme()) || "smtps".equals(u.getScheme())) && u.getHost() != null
                    && u.getRawUserInfo() == null && (u.getRawPath() == null || u.getRawPath().isEmpty())) {
                return Optional.of(u);
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        src.problem(n, at, null, "is not smtp://HOST[:PORT] or smtps://HOST[:PORT]");
        return Optional.empty();
    }

    private Optional<NotifyTarget.Mail> mail(Map<String, Node> m, String at, Node parent) {
        String from = text(m, "from", at, parent);
        if (from != null && !ADDRESS.matcher(from).matches()) {
            src.problem(m.get("from"), at + ".from", null, "is not an email address");
        }
        List<String> to = new ArrayList<>();
        if (!m.containsKey("to")) {
            src.problem(parent, at + ".to", null, "is required for an email target");
        } else {
            for (Node item : src.sequence(m.get("to"), at + ".to", true)) {
                String t = src.scalar(item, at + ".to");
                if (t != null && !ADDRESS.matcher(t).matches()) {
                    src.problem(item, at + ".to", null, "is not an email address");
                } else if (t != null) {
                    to.add(t);
                }
            }
        }
        String user = m.containsKey("username") ? src.scalar(m.get("username"), at + ".username") : "";
        return from == null ? Optional.empty() : Optional.of(new NotifyTarget.Mail(from, to, user == null ? "" : user));
    }

    private Optional<Path> path(Node n, String at) {
        String t = src.scalar(n, at);
        if (t == null) {
            return Optional.empty();
        }
        try {
            if (!t.isEmpty() && Path.of(t).isAbsolute()) {
                return Optional.of(Path.of(t));
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        src.problem(n, at, null, "is not an absolute path");
        return Optional.empty();
    }

    private String chatId(Node n, String at) {
        String t = src.scalar(n, at);
        if (t != null && !CHAT_ID.matcher(t).matches()) {
            src.problem(n, at, null, "is not a chat id (a number, or @channelname)");
        }
        return t == null ? "" : t;
    }

    private int perMinute(Node n, String at) {
        String t = src.scalar(n, at);
        if (t != null && t.matches("[0-9]{1,4}") && Integer.parseInt(t) >= 1 && Integer.parseInt(t) <= 600) {
            return Integer.parseInt(t);
        }
        if (t != null) {
            src.problem(n, at, null, "is not between 1 and 600");
        }
        return 20;
    }

    /** A JSON document whose strings may name {@link NotifyTarget#PLACEHOLDERS}; the text is never shown. */
    private String template(Node n, String at) {
        String t = src.scalar(n, at);
        if (t == null) {
            return "";
        }
        if (t.length() > MAX_TEMPLATE) {
            src.problem(n, at, null, "is longer than " + MAX_TEMPLATE + " characters");
            return "";
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(t);
        } catch (JsonProcessingException e) {
            src.problem(n, at, null, "is not JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + " of the template)");
            return "";
        }
        if (doc == null || !doc.isObject()) {
            src.problem(n, at, null, "must be a JSON object");
            return "";
        }
        Matcher pm = PLACEHOLDER.matcher(t);
        while (pm.find()) {
            if (!NotifyTarget.PLACEHOLDERS.contains(pm.group(1))) {
                src.problem(n, at, null, "names an unknown field {{" + ConfigLoader.safe(pm.group(1))
                        + "}} (known: " + String.join(", ", new java.util.TreeSet<>(NotifyTarget.PLACEHOLDERS)) + ")");
            }
        }
        return t;
    }

    private Set<String> set(Map<String, Node> m, String key, String at, Pattern shape) {
        Node n = m.get(key);
        Set<String> out = new LinkedHashSet<>();
        if (n == null || YamlSource.isNull(n)) {
            return out;
        }
        for (Node item : src.sequence(n, at + "." + key, true)) {
            String t = src.scalar(item, at + "." + key);
            if (t == null) {
                continue;
            }
            if (t.isEmpty() || (shape != null && !shape.matcher(t).matches())) {
                src.problem(item, at + "." + key, null, t.isEmpty() ? "must not hold an empty item" : "is not a category name");
            } else {
                out.add(t);
            }
        }
        return out;
    }
}
