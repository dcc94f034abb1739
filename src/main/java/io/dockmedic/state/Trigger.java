package io.dockmedic.state;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What made dockmedic look at a container. {@link #wire()} is the spelling at the edges: the
 * {@code trigger} of the JSON report, the log line and the journal, and the {@code trigger:}
 * condition of rule files (which may name every trigger but {@link #REFRESH}).
 */
public enum Trigger {
    /** A health transition to unhealthy, seen in an event. */
    UNHEALTHY("unhealthy", true),
    /** A non-zero exit nobody asked for. */
    DIE("die", true),
    /** An exit with the engine's OOMKilled flag. */
    OOM("oom", true),
    /** An OOM kill inside a container that lives on (the engine's {@code oom} event with no exit). */
    OOM_NO_DIE("oom-no-die", true),
    /** Found unhealthy when the watcher listed the containers (start, reconnect, dropped event). */
    RECONCILE("reconcile", true),
    /** Still unhealthy at the refresh tick: diagnosed again, its cause may have changed. */
    REFRESH("refresh", false),
    /** {@code dockmedic diagnose CONTAINER}. */
    MANUAL("manual", true),
    /** {@code dockmedic diagnose --log}, rule tests: a log text with no container. */
    LOG("log", true);

    private final String wire;
    private final boolean inRules;

    Trigger(String wire, boolean inRules) {
        this.wire = wire;
        this.inRules = inRules;
    }

    /** The spelling at the edges. */
    public String wire() {
        return wire;
    }

    /** The triggers a rule file's {@code trigger:} condition may name, in this order. */
    public static List<Trigger> inRules() {
        return Arrays.stream(values()).filter(t -> t.inRules).toList();
    }

    /** A rule file's spelling, if it is one of {@link #inRules()}. */
    public static Optional<Trigger> parseRuleSpelling(String text) {
        return inRules().stream().filter(t -> t.wire.equals(text)).findFirst();
    }

    /** The trigger of an exit: OOM when the engine says the OOM killer ended it, else DIE. */
    public static Trigger exit(boolean oomKilled) {
        return oomKilled ? OOM : DIE;
    }

    @Override
    public String toString() {
        return wire;
    }
}
