package io.dockmedic.config;

import io.dockmedic.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The checks that span two keys or more, after every source was read; keys that failed alone are left out. */
final class CrossKeyChecks {
    private final ConfigValues values;

    CrossKeyChecks(ConfigValues values) {
        this.values = values;
    }

    void check() {
        checkOrder(ConfigKey.RECONNECT_INITIAL, ConfigKey.RECONNECT_MAX);
        checkOrder(ConfigKey.BACKOFF_INITIAL, ConfigKey.BACKOFF_MAX);
        checkEngine();
    }

    /** A maximum duration must not be below its initial one; blames max if it was set, else initial. */
    private void checkOrder(ConfigKey initialKey, ConfigKey maxKey) {
        if (values.failed(initialKey) || values.failed(maxKey)
                || values.<Duration>get(maxKey).compareTo(values.get(initialKey)) >= 0) {
            return;
        }
        ConfigValues.Given max = values.origin(maxKey);
        ConfigValues.Given initial = values.origin(initialKey);
        if (values.set(maxKey)) {
            values.problem(new Problem(max.where(), maxKey.path, max.text(),
                    "is less than " + initialKey.path + " (" + initial.text() + ")"));
        } else {
            values.problem(new Problem(initial.where(), initialKey.path, initial.text(),
                    "is more than " + maxKey.path + " (" + max.text() + ")"));
        }
    }

    /**
     * The engine connection as a whole: TLS files all or none, for tcp only, each a readable regular
     * file (named by key and path, never read here: their contents are secrets), and no plain tcp unless
     * {@code docker.allow_plain_tcp} says so: the engine's API is root on its host for anyone who reaches it.
     */
    private void checkEngine() {
        List<ConfigKey> tlsKeys = ConfigKey.TLS_KEYS;
        if (tlsKeys.stream().anyMatch(values::failed) || values.failed(ConfigKey.DOCKER_HOST)) {
            return;
        }
        List<ConfigKey> set = tlsKeys.stream().filter(k -> values.<Optional<Path>>get(k).isPresent()).toList();
        boolean tcp = values.<String>get(ConfigKey.DOCKER_HOST).startsWith("tcp://");
        if (!set.isEmpty() && set.size() < tlsKeys.size()) {
            for (ConfigKey missing : tlsKeys) {
                if (!set.contains(missing)) {
                    values.problem(new Problem(values.origin(set.get(0)).where(), missing.path, null,
                            "must be set together with " + set.stream().map(k -> k.path).collect(Collectors.joining(" and "))));
                }
            }
            return;
        }
        if (!set.isEmpty() && !tcp) {
            values.problem(new Problem(values.origin(ConfigKey.TLS_CA).where(), "docker.tls", null,
                    "applies to a tcp:// docker.host only (" + ConfigKey.DOCKER_HOST.path + " is not tcp://)"));
            return;
        }
        if (set.isEmpty() && tcp && !values.<Boolean>get(ConfigKey.ALLOW_PLAIN_TCP)) {
            values.problem(new Problem(values.origin(ConfigKey.DOCKER_HOST).where(), ConfigKey.DOCKER_HOST.path, null,
                    "is plain tcp:// without docker.tls (ca, cert, key): anyone who reaches the port controls the engine; "
                            + "set docker.tls, or docker.allow_plain_tcp: true to accept that"));
        }
        for (ConfigKey k : set) {
            Path file = values.<Optional<Path>>get(k).get();
            String unreadable = unreadable(file);
            if (unreadable != null) {
                values.problem(new Problem(values.origin(k).where(), k.path, ConfigLoader.safe(file.toString()), unreadable));
            }
        }
    }

    /** Why a file cannot be used, or null when it is a readable regular file. */
    private static String unreadable(Path file) {
        if (!Files.exists(file)) {
            return "cannot be read: no such file";
        }
        if (!Files.isRegularFile(file)) {
            return "is not a regular file";
        }
        return Files.isReadable(file) ? null : "cannot be read: permission denied";
    }
}
