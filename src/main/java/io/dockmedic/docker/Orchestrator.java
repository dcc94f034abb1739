package io.dockmedic.docker;

import java.util.Map;

/**
 * Who runs a container, read from its labels once: Compose, Swarm (a task of a service, usually of a
 * stack), or nobody. A Swarm stack maps like a compose project: the project is the stack namespace,
 * the service is the Swarm service name without the {@code NAMESPACE_} prefix.
 */
public enum Orchestrator {
    COMPOSE, SWARM, NONE;

    public static Orchestrator of(Map<String, String> labels) {
        if (labels.containsKey(Labels.SWARM_SERVICE)) {
            return SWARM;
        }
        return labels.containsKey(Labels.PROJECT) ? COMPOSE : NONE;
    }

    /** The compose project, or the Swarm stack namespace; empty outside both. */
    public String project(Map<String, String> labels) {
        return switch (this) {
            case COMPOSE -> labels.getOrDefault(Labels.PROJECT, "");
            case SWARM -> labels.getOrDefault(Labels.STACK_NAMESPACE, "");
            case NONE -> "";
        };
    }

    /** The compose service, or the Swarm service name without its stack's prefix; empty outside both. */
    public String service(Map<String, String> labels) {
        return switch (this) {
            case COMPOSE -> labels.getOrDefault(Labels.SERVICE, "");
            case SWARM -> shortServiceName(labels);
            case NONE -> "";
        };
    }

    /**
     * The container's name as it stays across replacements: a Swarm task's name without its task id
     * ({@code stack_api.1.TASKID} is {@code stack_api.1}, the slot); any other container's own name.
     */
    public String stableName(String name, Map<String, String> labels) {
        String taskId = labels.getOrDefault(Labels.SWARM_TASK_ID, "");
        if (this == SWARM && !taskId.isEmpty() && name.endsWith("." + taskId)) {
            return name.substring(0, name.length() - taskId.length() - 1);
        }
        return name;
    }

    private static String shortServiceName(Map<String, String> labels) {
        String full = labels.getOrDefault(Labels.SWARM_SERVICE, "");
        String prefix = labels.getOrDefault(Labels.STACK_NAMESPACE, "") + "_";
        return prefix.length() > 1 && full.startsWith(prefix) && full.length() > prefix.length()
                ? full.substring(prefix.length()) : full;
    }
}
