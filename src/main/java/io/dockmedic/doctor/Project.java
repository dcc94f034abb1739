package io.dockmedic.doctor;

import io.dockmedic.compose.ComposeFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment as Compose sees it, read once by {@link ProjectReader} and then only looked at by
 * the checks: the project environment (the shell over the env file), the compose file when there is
 * a valid one, and what each service receives.
 *
 * @param env        the project env file, or null
 * @param envName    how findings name the project environment (the env file, or the shell)
 * @param compose    a compose file without problems, or null
 * @param composeDir the directory of the compose file (relative paths in it resolve there), or null
 * @param serviceEnv each service's variables (its env_file entries, overridden by its environment)
 */
record Project(Map<String, String> shell, EnvFile env, String envName, ComposeFile compose, Path composeDir,
               Map<String, Map<String, Var>> serviceEnv) {

    Project {
        shell = Map.copyOf(shell);
        serviceEnv = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(serviceEnv));
    }

    boolean hasCompose() {
        return compose != null;
    }

    /** A variable's value as Compose interpolates it: the shell wins over the env file. */
    String value(String name) {
        String v = shell.get(name);
        if (v != null) {
            return v;
        }
        EnvFile.Entry e = env == null ? null : env.entries().get(name);
        return e == null ? null : e.value();
    }

    /** A project variable with where it is defined (value null when nowhere). */
    Var projectVar(String name) {
        String fromShell = shell.get(name);
        if (fromShell != null) {
            return new Var(name, fromShell, "shell environment", 0);
        }
        EnvFile.Entry e = env == null ? null : env.entries().get(name);
        return e == null ? new Var(name, null, envName, 0) : new Var(name, e.value(), env.file(), e.line());
    }

    /** Every variable each service receives; without a compose file, the env file as one pseudo service "". */
    Map<String, Map<String, Var>> receivers() {
        if (compose != null) {
            return serviceEnv;
        }
        Map<String, Var> vars = new LinkedHashMap<>();
        if (env != null) {
            for (EnvFile.Entry e : env.entries().values()) {
                vars.put(e.name(), projectVar(e.name()));
            }
        }
        return Map.of("", vars);
    }

    /**
     * A database or cache URL a service receives.
     *
     * @param service the receiving service, "" without a compose file
     * @param kind    {@code postgres}, {@code mysql} or {@code redis} ({@link ServiceUrl#kind})
     * @param parsed  the parsed URL, null when it is invalid
     * @param problem why it is invalid (never containing the URL), null when it parsed
     */
    record Url(String service, Var var, String kind, ServiceUrl parsed, String problem) {
    }

    /** Every database and cache URL each service receives, in service and variable order. */
    List<Url> urls() {
        List<Url> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Var>> svc : receivers().entrySet()) {
            for (Var v : svc.getValue().values()) {
                Optional<String> kind = ServiceUrl.kind(v.value());
                if (kind.isEmpty()) {
                    continue;
                }
                try {
                    out.add(new Url(svc.getKey(), v, kind.get(), ServiceUrl.parse(v.value()), null));
                } catch (IllegalArgumentException e) {
                    out.add(new Url(svc.getKey(), v, kind.get(), null, e.getMessage()));
                }
            }
        }
        return out;
    }

    /** The service whose name, container name or alias is this host, or null. */
    ComposeFile.Service serviceAnswering(String host) {
        for (ComposeFile.Service s : compose.services().values()) {
            if (s.names().stream().anyMatch(n -> n.equalsIgnoreCase(host))) {
                return s;
            }
        }
        return null;
    }

    /** A compose value interpolated; an invalid one as written (the interpolation check reports it). */
    String resolveQuietly(String raw) {
        try {
            return Interpolation.resolve(raw, this::value, r -> { });
        } catch (Interpolation.InvalidException e) {
            return raw;
        }
    }
}
