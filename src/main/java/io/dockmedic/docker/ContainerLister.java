package io.dockmedic.docker;

import static io.dockmedic.docker.DockerJavaErrors.describe;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The engine's container lists: running ids, the newest exited ids, and the members of a project by label. */
final class ContainerLister {
    private static final Pattern EXITED = Pattern.compile("^Exited \\((-?\\d+)\\)");

    private final DockerClient api;
    private final String host;

    ContainerLister(DockerClient api, String host) {
        this.api = api;
        this.host = host;
    }

    /** @param labelFilter {@code key} or {@code key=value}, as {@code docker ps --filter label=...} takes it */
    List<Engine.Member> members(String labelFilter, String which) throws EngineException {
        try {
            List<Engine.Member> members = new ArrayList<>();
            for (Container c : api.listContainersCmd().withShowAll(true).withLabelFilter(List.of(labelFilter)).exec()) {
                Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
                String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
                Matcher exited = EXITED.matcher(c.getStatus() == null ? "" : c.getStatus());
                members.add(new Engine.Member(c.getId(), name, Orchestrator.of(labels).service(labels),
                        c.getImage() == null ? "" : c.getImage(), c.getState() == null ? "" : c.getState(),
                        exited.find() ? Integer.valueOf(exited.group(1)) : null, labels));
            }
            return members;
        } catch (RuntimeException e) {
            throw new EngineException("cannot list containers " + which + " at " + host + ": " + describe(e), e);
        }
    }

    List<String> runningIds() throws EngineException {
        try {
            List<String> ids = new ArrayList<>();
            for (Container c : api.listContainersCmd().withShowAll(false).exec()) {
                ids.add(c.getId());
            }
            return ids;
        } catch (RuntimeException e) {
            throw new EngineException("cannot list containers at " + host + ": " + describe(e), e);
        }
    }

    List<String> exitedIds(int limit) throws EngineException {
        try {
            List<String> ids = new ArrayList<>();
            // the engine lists newest created first; limit bounds the answer on a host with many old containers
            for (Container c : api.listContainersCmd().withShowAll(true).withStatusFilter(List.of("exited"))
                    .withLimit(limit).exec()) {
                ids.add(c.getId());
            }
            return ids;
        } catch (RuntimeException e) {
            throw new EngineException("cannot list exited containers at " + host + ": " + describe(e), e);
        }
    }
}
