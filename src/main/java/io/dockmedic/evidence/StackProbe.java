package io.dockmedic.evidence;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.stack.Stack;
import io.dockmedic.state.Health;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration probes across a compose stack: compares values of several containers IN MEMORY and
 * turns the outcome into named {@link Facts} that rules can test ({@code fact: NAME}). A fact never
 * carries a value; nothing here is logged or exported.
 */
public final class StackProbe {

    static final List<String> DATABASE_URL_VARS = List.of("DATABASE_URL", "POSTGRES_URL", "POSTGRES_DSN", "DB_URL",
            "SQLALCHEMY_DATABASE_URI", "DATABASE_URI");
    static final List<String> REDIS_URL_VARS = List.of("REDIS_URL", "REDIS_URI", "CELERY_BROKER_URL", "CACHE_URL");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0");

    private StackProbe() {
    }

    public static Set<String> facts(ContainerInfo c, Stack stack) {
        Set<String> facts = new LinkedHashSet<>();
        postgresPassword(c, stack).ifPresent(facts::add);
        redisUrl(c, stack).ifPresent(facts::add);
        if (c.env().containsKey("DASHSCOPE_API_KEY")) {
            if (c.env().get("DASHSCOPE_API_KEY").isBlank()) {
                facts.add(Facts.DASHSCOPE_KEY_EMPTY);
            }
        } else {
            facts.add(Facts.DASHSCOPE_KEY_ABSENT);
        }
        for (String dep : stack.dependenciesOf(c)) {
            Optional<ContainerInfo> d = stack.service(dep);
            if (d.isEmpty() || !d.get().running()) {
                facts.add(Facts.DEPENDENCY_DOWN);
            } else if (d.get().healthStatus() == Health.UNHEALTHY) {
                facts.add(Facts.DEPENDENCY_UNHEALTHY);
            }
        }
        return facts;
    }

    private static Optional<String> postgresPassword(ContainerInfo c, Stack stack) {
        Optional<String> url = firstSet(c.env(), DATABASE_URL_VARS);
        if (url.isEmpty() || !url.get().toLowerCase(Locale.ROOT).startsWith("postgres")) {
            return Optional.empty();
        }
        Optional<Endpoint> ep = Endpoint.parse(url.get());
        if (ep.isEmpty() || ep.get().password() == null) {
            return Optional.empty();
        }
        // the postgres service the URL names, else the project's only one that sets POSTGRES_PASSWORD
        ContainerInfo db = stack.service(ep.get().host()).filter(s -> s.env().containsKey("POSTGRES_PASSWORD")).orElse(null);
        if (db == null) {
            List<ContainerInfo> candidates = stack.services().values().stream()
                    .filter(s -> s.env().containsKey("POSTGRES_PASSWORD")).toList();
            if (candidates.size() != 1) {
                return Optional.empty();
            }
            db = candidates.get(0);
        }
        boolean same = db.env().get("POSTGRES_PASSWORD").equals(ep.get().password());
        return Optional.of(same ? Facts.POSTGRES_PASSWORD_SAME : Facts.POSTGRES_PASSWORD_DIFFERS);
    }

    private static Optional<String> redisUrl(ContainerInfo c, Stack stack) {
        Optional<String> url = firstSet(c.env(), REDIS_URL_VARS);
        if (url.isEmpty() || !url.get().toLowerCase(Locale.ROOT).startsWith("redis")) {
            return Optional.empty();
        }
        Optional<Endpoint> ep = Endpoint.parse(url.get());
        if (ep.isEmpty() || ep.get().host() == null) {
            return Optional.empty();
        }
        String host = ep.get().host().toLowerCase(Locale.ROOT);
        if (LOOPBACK.contains(host)) {
            return Optional.of(Facts.REDIS_URL_LOCALHOST);
        }
        boolean ip = host.matches("[0-9.]+") || host.contains(":");
        if (!ip && !stack.project().isEmpty() && stack.hostNames().stream().noneMatch(n -> n.equalsIgnoreCase(host))) {
            return Optional.of(Facts.REDIS_URL_UNKNOWN_HOST);
        }
        return Optional.empty();
    }

    private static Optional<String> firstSet(Map<String, String> env, List<String> names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.strip());
            }
        }
        return Optional.empty();
    }

    /** Host and (URL-decoded) password of a URL; the password stays in memory. */
    record Endpoint(String host, String password) {
        static Optional<Endpoint> parse(String url) {
            try {
                URI u = URI.create(url);
                String host = u.getHost();
                String password = null;
                String info = u.getRawUserInfo();
                if (info != null && info.contains(":")) {
                    password = URLDecoder.decode(info.substring(info.indexOf(':') + 1), StandardCharsets.UTF_8);
                }
                if (host == null && u.getRawAuthority() != null) {
                    String auth = u.getRawAuthority();
                    String hp = auth.substring(auth.lastIndexOf('@') + 1);
                    host = hp.contains(":") && !hp.startsWith("[") ? hp.substring(0, hp.indexOf(':')) : hp;
                }
                return Optional.of(new Endpoint(host, password));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return "Endpoint[" + host + "]"; // never the password
        }
    }
}
