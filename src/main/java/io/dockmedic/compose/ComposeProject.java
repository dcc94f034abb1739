package io.dockmedic.compose;

import io.dockmedic.compose.ComposeFile.Dependency;
import io.dockmedic.compose.ComposeFile.EnvDef;
import io.dockmedic.compose.ComposeFile.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compose project as its files define it together ({@code -f a.yml -f b.yml}): later files
 * override earlier ones service by service, the way Compose merges them (scalars replaced,
 * depends_on and environment merged by key, names and env files added).
 *
 * @param files    the files, in the order given
 * @param services the merged services, in the order first defined
 */
public record ComposeProject(List<String> files, Map<String, Service> services) {

    public ComposeProject {
        files = List.copyOf(files);
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** Merges parsed files (each without problems) in order. */
    public static ComposeProject merge(List<ComposeFile> files) {
        Map<String, Service> merged = new LinkedHashMap<>();
        for (ComposeFile f : files) {
            f.services().forEach((name, s) -> merged.merge(name, s, ComposeProject::override));
        }
        return new ComposeProject(files.stream().map(ComposeFile::file).toList(), merged);
    }

    private static Service override(Service base, Service o) {
        Set<String> names = new LinkedHashSet<>(base.names());
        names.addAll(o.names());
        Map<String, EnvDef> env = new LinkedHashMap<>();
        base.environment().forEach(e -> env.put(e.name(), e));
        o.environment().forEach(e -> env.put(e.name(), e));
        Map<String, Dependency> deps = new LinkedHashMap<>();
        base.dependsOn().forEach(d -> deps.put(d.service(), d));
        o.dependsOn().forEach(d -> deps.put(d.service(), d));
        List<ComposeFile.EnvFileRef> envFiles = new ArrayList<>(base.envFiles());
        envFiles.addAll(o.envFiles());
        return new Service(base.name(), base.line(), or(o.image(), base.image()), or(o.buildContext(), base.buildContext()),
                or(o.dockerfile(), base.dockerfile()), or(o.networkMode(), base.networkMode()),
                o.healthcheck() > 0 ? o.healthcheck() : base.healthcheck(), Set.copyOf(names), List.copyOf(env.values()),
                envFiles, List.copyOf(deps.values()), or(o.containerName(), base.containerName()),
                or(o.restart(), base.restart()), or(o.profiles(), base.profiles()), or(o.replicas(), base.replicas()));
    }

    private static <T> T or(T override, T base) {
        return override != null ? override : base;
    }

    /** The services {@code service} needs: its depends_on and the service of {@code network_mode: service:X}. */
    public Set<String> dependencies(String service) {
        Set<String> out = new LinkedHashSet<>();
        Service s = services.get(service);
        if (s != null) {
            s.dependsOn().forEach(d -> out.add(d.service()));
            if (s.networkService() != null) {
                out.add(s.networkService());
            }
        }
        return out;
    }

    /**
     * The services {@code docker compose up} runs with these profiles active: those without
     * profiles or with an active one, and not scaled to zero ({@code deploy.replicas: 0}, {@code scale: 0}).
     */
    public Map<String, Service> expected(Collection<String> activeProfiles) {
        Map<String, Service> out = new LinkedHashMap<>();
        services.forEach((name, s) -> {
            boolean profiled = s.profiles() != null && !s.profiles().isEmpty();
            if ((!profiled || s.profiles().stream().anyMatch(activeProfiles::contains))
                    && (s.replicas() == null || s.replicas() > 0)) {
                out.put(name, s);
            }
        });
        return out;
    }
}
