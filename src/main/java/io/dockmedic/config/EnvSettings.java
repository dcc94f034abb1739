package io.dockmedic.config;

import io.dockmedic.yaml.Problem;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The settings of the environment: {@code DOCKMEDIC_<KEY>} (key upper-cased, '.' as '_'; lists comma-separated;
 * an unknown one is a problem), and the docker CLI's {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY} and
 * {@code DOCKER_CERT_PATH} as defaults of the engine's keys when nothing else sets them.
 */
final class EnvSettings {
    /** {@code DOCKMEDIC_*} env vars used by scripts, not settings. */
    private static final Set<String> RESERVED_ENV = Set.of("DOCKMEDIC_CONFIG", "DOCKMEDIC_JAVA_OPTS", "DOCKMEDIC_LANG");

    private final ConfigValues values;

    EnvSettings(ConfigValues values) {
        this.values = values;
    }

    /** @param overrides only to know which keys they set (they beat the docker CLI's variables) */
    void read(Map<String, String> env, Map<String, String> overrides) {
        new TreeMap<>(env).forEach((name, text) -> {
            String where = "env " + name;
            if (name.equals("DOCKER_HOST")) {
                if (!text.isEmpty() && !setElsewhere(ConfigKey.DOCKER_HOST, env, overrides)) {
                    values.assignText(ConfigKey.DOCKER_HOST, where, text);
                }
            } else if (name.equals("DOCKER_TLS_VERIFY")) {
                tlsFromDockerEnv(env, overrides);
            } else if (name.startsWith(ConfigKey.ENV_PREFIX) && !RESERVED_ENV.contains(name)) {
                ConfigKey key = ConfigKey.find(ConfigKey::envName, name);
                if (key == null) {
                    values.problem(new Problem(where, "", null,
                            "is not a known setting (known: " + ConfigKey.known(ConfigKey::envName) + ")"));
                } else {
                    values.assignText(key, where, text);
                }
            }
        });
    }

    private boolean setElsewhere(ConfigKey key, Map<String, String> env, Map<String, String> overrides) {
        return values.given(key) || env.containsKey(key.envName()) || overrides.containsKey(key.path);
    }

    /**
     * {@code DOCKER_TLS_VERIFY} (any non-empty value, as the docker CLI reads it) makes
     * {@code DOCKER_CERT_PATH} (default {@code ~/.docker}) {@code /ca.pem}, {@code /cert.pem} and
     * {@code /key.pem} the defaults of {@code docker.tls.*}, like {@code DOCKER_HOST} for {@code docker.host}.
     */
    private void tlsFromDockerEnv(Map<String, String> env, Map<String, String> overrides) {
        if (env.getOrDefault("DOCKER_TLS_VERIFY", "").isEmpty()) {
            return;
        }
        if (ConfigKey.TLS_KEYS.stream().anyMatch(k -> setElsewhere(k, env, overrides))) {
            return;
        }
        String dir = env.getOrDefault("DOCKER_CERT_PATH", "");
        String where = "env DOCKER_CERT_PATH";
        if (dir.isEmpty()) {
            dir = env.getOrDefault("HOME", System.getProperty("user.home")) + "/.docker";
            where = "env DOCKER_TLS_VERIFY";
        }
        values.assignText(ConfigKey.TLS_CA, where, dir + "/ca.pem");
        values.assignText(ConfigKey.TLS_CERT, where, dir + "/cert.pem");
        values.assignText(ConfigKey.TLS_KEY, where, dir + "/key.pem");
    }
}
