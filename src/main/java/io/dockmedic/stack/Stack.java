package io.dockmedic.stack;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import io.dockmedic.docker.Labels;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One compose project as it is now: its containers by service, and who depends on whom, from the
 * labels Compose sets ({@code com.docker.compose.depends_on}, Compose v2 writes
 * {@code "postgres:service_healthy:false,redis:service_started:false"}) and from
 * {@code network_mode: service:X} (HostConfig network mode {@code container:<id>}). Holds env
 * VALUES in memory only (inside {@link ContainerInfo}); nothing here is ever exported.
 */
public final class Stack {
    private final String project;
    private final Map<String, ContainerInfo> services;
    private final Set<String> otherServiceNames;

    public Stack(String project, List<ContainerInfo> containers) {
        this(project, containers, List.of());
    }

    /** @param serviceNames names of every service of the project, also those not inspected */
    public Stack(String project, List<ContainerInfo> containers, List<String> serviceNames) {
        this.project = project;
        this.otherServiceNames = Set.copyOf(serviceNames.stream().filter(n -> !n.isEmpty()).toList());
        Map<String, ContainerInfo> byService = new LinkedHashMap<>();
        for (ContainerInfo c : containers) {
            String service = c.service().isEmpty() ? c.name() : c.service();
            ContainerInfo known = byService.get(service);
            // several replicas: prefer a running one
            if (known == null || (!known.running() && c.running())) {
                byService.put(service, c);
            }
        }
        this.services = Map.copyOf(byService);
    }

    /**
     * Reads the stack of a container, inspecting the other containers through {@code cache} (null:
     * no cache): a burst of failures in one big project then inspects each container once, not once
     * per failing container.
     */
    public static Stack read(Engine engine, ContainerInfo c, InspectCache cache) throws EngineException {
        if (c.project().isEmpty()) {
            return single(c);
        }
        List<Engine.Member> members = cache == null ? engine.projectMembers(c.project()) : cache.members(engine, c.project());
        Set<String> wanted = new LinkedHashSet<>(dependsOn(c.labels()));
        List<ContainerInfo> all = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (Engine.Member m : members) {
            names.add(m.service());
            if (m.id().equals(c.id())) {
                all.add(c);
            } else if (wanted.contains(m.service()) || DATABASE.matcher(m.service() + " " + m.image()).find()) {
                // only what the probes read: the services it depends on, and database services
                (cache == null ? engine.inspect(m.id()) : cache.inspect(engine, m.id())).ifPresent(all::add);
            }
        }
        if (all.stream().noneMatch(x -> x.id().equals(c.id()))) {
            all.add(c);
        }
        return new Stack(c.project(), all, names);
    }

    private static final java.util.regex.Pattern DATABASE = java.util.regex.Pattern.compile(
            "(?i)postgres|postgis|timescale|\\bdb\\b|database");

    /** A stack of one container that is not part of a compose project. */
    public static Stack single(ContainerInfo c) {
        return new Stack(c.project(), List.of(c));
    }

    public String project() {
        return project;
    }

    public Map<String, ContainerInfo> services() {
        return services;
    }

    public Optional<ContainerInfo> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** The services a container depends on (compose depends_on, network_mode service:X). */
    public Set<String> dependenciesOf(ContainerInfo c) {
        Set<String> deps = new LinkedHashSet<>(dependsOn(c.labels()));
        String mode = c.networkMode();
        if (mode != null && mode.startsWith("container:")) {
            String target = mode.substring("container:".length());
            for (ContainerInfo other : services.values()) {
                if (other.id().startsWith(target) || other.name().equals(target)) {
                    deps.add(other.service().isEmpty() ? other.name() : other.service());
                }
            }
        }
        return deps;
    }

    /** Parses Compose's depends_on label: service names before the first ':' of each entry. */
    public static Set<String> dependsOn(Map<String, String> labels) {
        Set<String> out = new LinkedHashSet<>();
        String v = labels.get(Labels.DEPENDS_ON);
        if (v == null || v.isBlank()) {
            return out;
        }
        for (String part : v.split(",")) {
            String name = part.strip();
            int colon = name.indexOf(':');
            if (colon >= 0) {
                name = name.substring(0, colon);
            }
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    /** Names a host may use to reach a service of this project: service names and container names. */
    public Set<String> hostNames() {
        Set<String> names = new LinkedHashSet<>(otherServiceNames);
        services.forEach((service, c) -> {
            names.add(service);
            names.add(c.name());
        });
        return names;
    }
}
