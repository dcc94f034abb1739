package io.dockmedic.stack;

import io.dockmedic.compose.ComposeProject;
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
 * {@code network_mode: service:X} (HostConfig network mode {@code container:<id>}). Where a
 * container has no depends_on label (Compose v1 and some v2 versions), depends_on and
 * {@code network_mode: service:X} come from the compose files its labels point to, when readable
 * ({@link ComposeFiles}). Holds env VALUES in memory only (inside {@link ContainerInfo}); nothing
 * here is ever exported.
 */
public final class Stack {
    private final String project;
    private final Map<String, ContainerInfo> services;
    private final Set<String> otherServiceNames;
    private final ComposeProject compose;

    public Stack(String project, List<ContainerInfo> containers) {
        this(project, containers, List.of(), null);
    }

    /**
     * @param serviceNames names of every service of the project, also those not inspected
     * @param compose      the project's compose files, or null when unknown or unreadable
     */
    public Stack(String project, List<ContainerInfo> containers, List<String> serviceNames, ComposeProject compose) {
        this.project = project;
        this.compose = compose;
        Set<String> names = new LinkedHashSet<>(serviceNames);
        if (compose != null) {
            compose.services().values().forEach(s -> names.addAll(s.names()));
        }
        names.remove("");
        this.otherServiceNames = Set.copyOf(names);
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
     * Reads the stack of a container, inspecting the other containers through {@code cache}: a burst
     * of failures in one big project then inspects each container once, not once per failing
     * container. Its compose files are read through {@code files}.
     */
    public static Stack read(Engine engine, ContainerInfo c, InspectCache cache, ComposeFiles files) throws EngineException {
        if (c.project().isEmpty()) {
            return single(c);
        }
        List<Engine.Member> members = cache.members(engine, c.project());
        ComposeProject compose = files.project(c.labels()).orElse(null);
        Set<String> wanted = declaredDependencies(c, compose);
        List<ContainerInfo> all = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (Engine.Member m : members) {
            names.add(m.service());
            if (m.id().equals(c.id())) {
                all.add(c);
            } else if (wanted.contains(m.service()) || DATABASE.matcher(m.service() + " " + m.image()).find()) {
                // only what the probes read: the services it depends on, and database services
                cache.inspect(engine, m.id()).ifPresent(all::add);
            }
        }
        if (all.stream().noneMatch(x -> x.id().equals(c.id()))) {
            all.add(c);
        }
        return new Stack(c.project(), all, names, compose);
    }

    /** depends_on from the label when Compose set one, else depends_on and network_mode service:X from the files. */
    private static Set<String> declaredDependencies(ContainerInfo c, ComposeProject compose) {
        if (c.labels().containsKey(Labels.DEPENDS_ON) || compose == null) {
            return dependsOn(c.labels());
        }
        return compose.dependencies(c.service());
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
        Set<String> deps = new LinkedHashSet<>(declaredDependencies(c, compose));
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

    /**
     * Names a host may use to reach a service of this project: service and container names, and the
     * names the compose files give (container_name, hostname, aliases), also of services not running.
     */
    public Set<String> hostNames() {
        Set<String> names = new LinkedHashSet<>(otherServiceNames);
        services.forEach((service, c) -> {
            names.add(service);
            names.add(c.name());
        });
        return names;
    }
}
