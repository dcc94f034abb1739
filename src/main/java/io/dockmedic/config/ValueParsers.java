package io.dockmedic.config;

import io.dockmedic.yaml.Scalars;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The parsers of setting values: each returns the value or throws {@link Invalid} with a reason naming what is allowed. */
final class ValueParsers {
    private static final Pattern WHOLE = Pattern.compile("-?\\d+");
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^\\s:\\[\\]/]+):(\\d{1,5})");
    private static final Pattern DOCKER_HOST = Pattern.compile("(unix|tcp)://\\S.*");
    /** A label value that needs no escaping and stays short: the engine's name on every series. */
    private static final Pattern ENGINE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,62}");

    /** A value is invalid; the message is the reason. Cheap: no stack trace. */
    static final class Invalid extends IllegalArgumentException {
        Invalid(String reason) {
            super(reason);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private ValueParsers() {
    }

    static String dockerHost(String text) {
        if (!DOCKER_HOST.matcher(text).matches()) {
            throw new Invalid("is not a unix:// or tcp:// address");
        }
        return text;
    }

    static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new Invalid("is not true or false");
        };
    }

    static String engineName(String text) {
        if (!text.isEmpty() && !ENGINE_NAME.matcher(text).matches()) {
            throw new Invalid("is not a name of at most 63 letters, digits, '.', '_', ':' or '-'");
        }
        return text;
    }

    static Config.Http listen(String text) {
        Matcher m = LISTEN.matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65_535) {
            throw new Invalid("is not HOST:PORT with a port 0..65535");
        }
        String host = m.group(1);
        return new Config.Http(host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
                Integer.parseInt(m.group(2)));
    }

    static Function<String, Object> whole(int min, int max) {
        return text -> {
            if (!WHOLE.matcher(text).matches()) {
                throw new Invalid("is not a whole number");
            }
            BigInteger n = new BigInteger(text);
            if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
                throw new Invalid("is not between " + min + " and " + max);
            }
            return n.intValueExact();
        };
    }

    static <E> Function<String, Object> oneOf(E[] choices, Function<E, String> id) {
        return text -> Arrays.stream(choices).filter(c -> id.apply(c).equals(text)).findFirst()
                .orElseThrow(() -> new Invalid("is not one of: "
                        + Arrays.stream(choices).map(id).collect(Collectors.joining(", "))));
    }

    /** A duration as in {@link Scalars#duration}, failing with {@link Invalid}. */
    static Duration duration(String text) {
        try {
            return Scalars.duration(text);
        } catch (Scalars.Invalid e) {
            throw new Invalid(e.getMessage());
        }
    }

    /** A path, or empty (the feature is off) for an empty text. */
    static Optional<Path> optionalPath(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(path(text));
    }

    /** An http(s) URL, or empty for none (then the value is an empty Optional). */
    static Optional<URI> webhookUrl(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(httpUrl(text));
    }

    /** An http(s) URL as in {@link Scalars#httpUrl}, failing with {@link Invalid}. */
    static URI httpUrl(String text) {
        try {
            return Scalars.httpUrl(text);
        } catch (Scalars.Invalid e) {
            throw new Invalid(e.getMessage());
        }
    }

    static Path path(String text) {
        if (text.isEmpty()) {
            throw new Invalid("must not be empty");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new Invalid("is not a valid path");
        }
    }
}
