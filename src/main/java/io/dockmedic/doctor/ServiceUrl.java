package io.dockmedic.doctor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connection URL of a database or cache ({@code postgresql://user:pass@host:5432/db},
 * {@code redis://:pass@redis:6379/0}), split the way client libraries do it: the authority ends
 * at the first {@code /}, {@code ?} or {@code #}; user and password are percent-decoded. A
 * password with an unencoded {@code @ / ? #} is an error, as drivers misread it. Never prints the
 * password: {@link #toString()} leaves it out, error messages do not quote the URL.
 *
 * @param kind     postgres, mysql or redis
 * @param user     decoded user, "" when none
 * @param password decoded password, or null when none
 * @param host     host name or address, lower case, without brackets
 */
public record ServiceUrl(String kind, String user, String password, String host, int port) {
    private static final Pattern SCHEME = Pattern.compile(
            "(?i)(postgres(?:ql)?|mysql|mariadb|rediss?)(?:\\+[a-z0-9_]+)?://(.*)", Pattern.DOTALL);

    /** The URL kind of a value, if it is a postgres, mysql or redis URL at all. */
    public static Optional<String> kind(String value) {
        Matcher m = value == null ? null : SCHEME.matcher(value.strip());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        String s = m.group(1).toLowerCase(Locale.ROOT);
        return Optional.of(s.startsWith("postgres") ? "postgres" : s.startsWith("redis") ? "redis" : "mysql");
    }

    /**
     * Parses a URL whose {@link #kind(String)} is known.
     *
     * @throws IllegalArgumentException with a reason that does not contain the URL or its password
     */
    public static ServiceUrl parse(String value) {
        Matcher m = SCHEME.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a postgres, mysql or redis URL");
        }
        String kind = kind(value).orElseThrow();
        String rest = m.group(2);
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        int later = rest.indexOf('@', end);
        if (later >= 0 && rest.substring(end, later).matches("[^=&]*")) {
            throw new IllegalArgumentException("the password contains an unencoded '/', '?' or '#' (percent-encode it: %2F, %3F, %23)");
        }
        String user = "";
        String password = null;
        if (at >= 0) {
            String userinfo = authority.substring(0, at);
            if (userinfo.indexOf('@') >= 0) {
                throw new IllegalArgumentException("the password contains an unencoded '@' (write it as %40)");
            }
            int colon = userinfo.indexOf(':');
            user = decode(colon < 0 ? userinfo : userinfo.substring(0, colon));
            password = colon < 0 ? null : decode(userinfo.substring(colon + 1));
        }
        String hostPort = authority.substring(at + 1);
        String host;
        String port = "";
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 host has no closing ']'");
            }
            host = hostPort.substring(1, close);
            port = hostPort.substring(close + 1).replaceFirst("^:", "");
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? "" : hostPort.substring(colon + 1);
        }
        if (!port.isEmpty() && !port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("the port is not a number");
        }
        return new ServiceUrl(kind, user, password, host.toLowerCase(Locale.ROOT), port.isEmpty() ? 0 : Integer.parseInt(port));
    }

    /** Percent-decoding as in a URL ('+' stays '+'). */
    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("has a '%' that is not followed by two hex digits (write % as %25)");
                }
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** localhost, 127.0.0.0/8, ::1 or 0.0.0.0: inside a container, the container itself. */
    public boolean loopback() {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("0.0.0.0");
    }

    /** A bare name (no dots, not an address): can only be a compose service, alias or container name. */
    public boolean bareName() {
        return !host.isEmpty() && host.indexOf('.') < 0 && host.indexOf(':') < 0 && !loopback();
    }

    @Override
    public String toString() {
        return kind + "://" + (user.isEmpty() ? "" : user + (password == null ? "" : ":***") + "@") + host + (port > 0 ? ":" + port : "");
    }
}
