package io.dockmedic.yaml;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of scalar values shared by the strict loaders (config, playbooks, control requests), so
 * that a duration or a webhook URL means the same everywhere.
 */
public final class Scalars {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Scalars() {
    }

    /** A value is invalid; the message is the reason. Cheap: no stack trace. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String reason) {
            super(reason);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /**
     * Parses a duration like {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h} (more than 0).
     *
     * @throws Invalid with the reason
     */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new Invalid("is not a duration like 500ms, 30s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw new Invalid("must be more than 0");
        }
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /**
     * Parses an http:// or https:// URL with a host.
     *
     * @throws Invalid with the reason
     */
    public static URI httpUrl(String text) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new Invalid("is not an http:// or https:// URL");
    }
}
