package io.dockmedic.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.config.NotifyTarget;
import io.dockmedic.rules.Severity;
import io.dockmedic.text.SafeJson;
import java.net.URI;
import java.util.Map;

/**
 * The direct channels, each the request its service documents:
 * <ul>
 *   <li>Slack incoming webhook: POST JSON {@code {"text": ...}} to the webhook URL;</li>
 *   <li>Discord webhook: POST JSON {@code {"content": ...}} (at most 2000 characters);</li>
 *   <li>ntfy: POST JSON {@code {"topic", "title", "message", "priority", "tags", "click"}} to the server's root
 *       (the URL configured is {@code https://server/topic});</li>
 *   <li>Gotify: POST JSON {@code {"title", "message", "priority"}} to {@code /message} with the
 *       {@code X-Gotify-Key} header;</li>
 *   <li>Telegram Bot API: POST JSON {@code {"chat_id", "text"}} to {@code /bot<token>/sendMessage};</li>
 *   <li>e-mail: the title as subject, the rest as text, to the SMTP server of the URL ({@link SmtpTransport}).</li>
 * </ul>
 */
final class Channels {
    private static final int DISCORD_MAX = 2000;
    private static final URI TELEGRAM = URI.create("https://api.telegram.org");

    private Channels() {
    }

    /** The channel of a target; {@code token} is the content of its token file (or empty). */
    static Channel of(NotifyTarget target, String token) {
        URI url = target.endpoint().url().orElse(null);
        return switch (target.type()) {
            case SLACK -> m -> Request.json(url, json(Map.of("text", m.text())));
            case DISCORD -> m -> Request.json(url, json(Map.of("content", cut(m.text(), DISCORD_MAX))));
            case NTFY -> ntfy(url);
            case GOTIFY -> gotify(url, token);
            case TELEGRAM -> telegram(target.endpoint().url().orElse(TELEGRAM), token, target.endpoint().chatId());
            case WEBHOOK -> new TemplateChannel(url, target.endpoint().template());
            case EMAIL -> m -> new Request(url, Map.of("Subject", m.body().title()), m.details());
        };
    }

    private static Channel ntfy(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        int slash = path.lastIndexOf('/');
        String topic = path.substring(slash + 1);
        URI root = url.resolve(slash <= 0 ? "/" : path.substring(0, slash + 1));
        return m -> {
            ObjectNode o = SafeJson.object();
            o.put("topic", topic);
            o.put("title", m.body().title());
            o.put("message", m.details());
            o.put("priority", ntfyPriority(m));
            o.putArray("tags").add(m.kind() == Message.Kind.RESOLVED ? "white_check_mark" : "rotating_light");
            m.link().ifPresent(l -> o.put("click", l));
            return Request.json(root, SafeJson.compact(o));
        };
    }

    private static int ntfyPriority(Message m) {
        if (m.kind() == Message.Kind.RESOLVED || m.kind() == Message.Kind.REARMED) {
            return 3;
        }
        return m.subject().severity() == Severity.CRITICAL ? 5 : m.subject().severity() == Severity.WARNING ? 4 : 3;
    }

    private static Channel gotify(URI url, String token) {
        URI endpoint = url.resolve(url.getRawPath() == null || url.getRawPath().endsWith("/") ? "message" : url.getRawPath() + "/message");
        return m -> {
            ObjectNode o = SafeJson.object();
            o.put("title", m.body().title());
            o.put("message", m.details());
            o.put("priority", m.kind() == Message.Kind.RESOLVED ? 2 : m.subject().severity() == Severity.CRITICAL ? 8 : 5);
            return new Request(endpoint, Map.of("Content-Type", "application/json", "X-Gotify-Key", token),
                    SafeJson.compact(o));
        };
    }

    private static Channel telegram(URI base, String token, String chatId) {
        URI endpoint = base.resolve("/bot" + token + "/sendMessage");
        return m -> {
            ObjectNode o = SafeJson.object();
            o.put("chat_id", chatId);
            o.put("text", cut(m.text(), 4096));
            o.put("disable_web_page_preview", true);
            return Request.json(endpoint, SafeJson.compact(o));
        };
    }

    private static String json(Map<String, String> fields) {
        ObjectNode o = SafeJson.object();
        fields.forEach(o::put);
        return SafeJson.compact(o);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
