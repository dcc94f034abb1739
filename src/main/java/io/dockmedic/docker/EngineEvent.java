package io.dockmedic.docker;

import io.dockmedic.state.Health;
import java.util.Map;

/**
 * A container event from the engine, free of docker-java types.
 *
 * @param id         container id
 * @param action     the engine's action, e.g. {@code die}, {@code start}, {@code health_status: unhealthy}
 * @param attributes actor attributes: name, image, exitCode and the container's labels
 * @param timeNanos  engine time, epoch nanoseconds
 */
public record EngineEvent(String id, String action, Map<String, String> attributes, long timeNanos) {

    public EngineEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The action without its argument: {@code health_status: unhealthy} becomes {@code health_status}. */
    public String kind() {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon).trim();
    }

    /** For health_status events, the new status (healthy, unhealthy, starting); else {@link Health#NONE}. */
    public Health healthStatus() {
        int colon = action.indexOf(':');
        return colon < 0 ? Health.NONE : Health.of(action.substring(colon + 1));
    }

    /**
     * Whether the event names the new health status ({@code health_status: unhealthy}). Podman's bare
     * {@code health_status} does not: the container must be inspected for it.
     */
    public boolean healthReported() {
        return action.indexOf(':') >= 0;
    }

    public String name() {
        return attributes.getOrDefault("name", "");
    }

    /** Exit code on die events, or null. */
    public Integer exitCode() {
        String s = attributes.get("exitCode");
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Identity for de-duplicating events replayed after a reconnect. */
    public String key() {
        return id + "|" + action + "|" + timeNanos;
    }
}
