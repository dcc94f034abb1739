package io.dockmedic.watch;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Labels;
import io.dockmedic.docker.Orchestrator;
import java.util.Map;

/**
 * Who a container is, for labels and logs: name, compose project and service. Never carries env
 * values or log lines.
 */
public record ContainerRef(String id, String name, String project, String service, Map<String, String> labels) {

    public ContainerRef {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        project = project == null ? "" : project;
        service = service == null ? "" : service;
        name = name == null ? "" : name;
    }

    public static ContainerRef of(ContainerInfo info) {
        return new ContainerRef(info.id(), info.name(), info.project(), info.service(), info.labels());
    }

    public Orchestrator orchestrator() {
        return Orchestrator.of(labels);
    }

    /**
     * What its diagnosis and series are kept under: the container id, or for a Swarm task its
     * service ({@code swarm:PROJECT/SERVICE}), so that the task Swarm starts in its place carries on
     * the same failure.
     */
    public String key() {
        return orchestrator() == Orchestrator.SWARM && !service.isEmpty() ? "swarm:" + project + "/" + service : id;
    }

    /** The name that stays across Swarm's task replacements (a task's slot; otherwise the name). */
    public String stableName() {
        return orchestrator().stableName(name, labels);
    }

    /** The service, or the container name for containers outside compose. */
    public String serviceOrName() {
        return service.isEmpty() ? name : service;
    }

    public boolean ignored() {
        return "true".equalsIgnoreCase(labels.getOrDefault(Labels.IGNORE, ""));
    }
}
