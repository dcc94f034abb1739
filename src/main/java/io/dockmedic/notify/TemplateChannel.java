package io.dockmedic.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dockmedic.text.SafeJson;
import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generic webhook: the user's JSON template (checked when the config was loaded) with every
 * {@code {{field}}} inside its strings replaced. Replacement happens on the parsed tree, never on
 * the text, so a value cannot break out of its string (no JSON injection through log lines).
 * Without a template the body is a fixed object of every field.
 */
final class TemplateChannel implements Channel {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z]+)\\s*}}");
    private static final String DEFAULT = "{\"kind\":\"{{kind}}\",\"title\":\"{{title}}\",\"cause\":\"{{cause}}\","
            + "\"remedy\":\"{{remedy}}\",\"evidence\":\"{{evidence}}\",\"severity\":\"{{severity}}\","
            + "\"category\":\"{{category}}\",\"rule\":\"{{rule}}\",\"project\":\"{{project}}\","
            + "\"service\":\"{{service}}\",\"container\":\"{{container}}\",\"link\":\"{{link}}\",\"text\":\"{{text}}\"}";

    private final URI url;
    private final JsonNode template;

    TemplateChannel(URI url, String template) {
        this.url = url;
        try {
            this.template = SafeJson.mapper().readTree(template.isEmpty() ? DEFAULT : template);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the webhook template is not JSON"); // checked at load already
        }
    }

    @Override
    public Request request(Message m) {
        Map<String, String> fields = Map.ofEntries(
                Map.entry("kind", m.kind().id()),
                Map.entry("title", m.body().title()),
                Map.entry("cause", m.body().cause()),
                Map.entry("remedy", m.body().step()),
                Map.entry("evidence", m.body().evidence()),
                Map.entry("text", m.text()),
                Map.entry("severity", m.subject().severity().id()),
                Map.entry("category", m.subject().category()),
                Map.entry("rule", m.subject().rule()),
                Map.entry("project", m.subject().project()),
                Map.entry("service", m.subject().service()),
                Map.entry("container", m.subject().container()),
                Map.entry("link", m.link().map(l -> l).orElse("")));
        return Request.json(url, SafeJson.compact(fill(template.deepCopy(), fields)));
    }

    private static JsonNode fill(JsonNode node, Map<String, String> fields) {
        if (node.isTextual()) {
            Matcher pm = PLACEHOLDER.matcher(node.asText());
            return new TextNode(pm.replaceAll(r -> Matcher.quoteReplacement(fields.getOrDefault(r.group(1), ""))));
        }
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(fill(e.getValue(), fields));
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, fill(a.get(i), fields));
            }
        }
        return node;
    }
}
