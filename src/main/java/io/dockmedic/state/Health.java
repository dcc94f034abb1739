package io.dockmedic.state;

import java.util.Optional;

/**
 * A container's health as the engine states it. {@link #wire()} is the contract's spelling (the
 * {@code status} label of {@code dockmedic_container_health_status}, JSON); nothing else compares
 * the text.
 */
public enum Health {
    HEALTHY("healthy"),
    UNHEALTHY("unhealthy"),
    STARTING("starting"),
    /** No healthcheck (or none the engine reports). */
    NONE("none");

    private final String wire;

    Health(String wire) {
        this.wire = wire;
    }

    /** The contract's spelling. */
    public String wire() {
        return wire;
    }

    /** The engine's text (inspect's {@code State.Health.Status}, a {@code health_status: X} event), if known. */
    public static Optional<Health> parse(String engineText) {
        if (engineText != null) {
            String t = engineText.strip();
            for (Health h : values()) {
                if (h.wire.equals(t)) {
                    return Optional.of(h);
                }
            }
        }
        return Optional.empty();
    }

    /** {@link #parse}, with {@link #NONE} for anything the engine may say that is not a health. */
    public static Health of(String engineText) {
        return parse(engineText).orElse(NONE);
    }

    @Override
    public String toString() {
        return wire;
    }
}
