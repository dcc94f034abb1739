package io.dockmedic.remediation;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A named remediation: steps run in order, the first failing step ends the run (failed). A playbook
 * that restarts or execs always checks its own effect with a later {@code wait-healthy} step
 * ({@link PlaybookLoader} enforces it). None can remove a volume, an image or a container.
 *
 * @param source file:line where it was defined
 */
public record Playbook(String name, String description, List<Step> steps, String source) {

    /** The playbook for rules whose remedy could destroy data: tell people, touch nothing. */
    public static final String NOTIFY_ONLY = "notify-only";
    /** The playbook used when neither the rule nor a label names one. */
    public static final String DEFAULT = "restart";

    public Playbook {
        steps = List.copyOf(steps);
    }

    /** What a step does. */
    public enum Kind {
        RESTART("restart"), RESTART_DEPENDENTS("restart-dependents"), WAIT_HEALTHY("wait-healthy"), EXEC("exec"),
        WEBHOOK("webhook"), STOP("stop"), NOTIFY_ONLY("notify-only");

        final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Whether the step changes a container (and so counts against the budget). */
        public boolean acts() {
            return this == RESTART || this == RESTART_DEPENDENTS || this == EXEC || this == STOP;
        }
    }

    /**
     * One step.
     *
     * @param service     for restart: a service of the same compose project instead of this container
     * @param timeout     wait-healthy: how long to wait; exec: how long the command may run; restart/stop:
     *                    how long the container gets to stop before it is killed
     * @param command     for exec: the command and its arguments
     * @param url         for webhook: where to POST, or null for {@code remediation.webhook_url}
     */
    public record Step(Kind kind, String service, Duration timeout, List<String> command, URI url) {
        public Step {
            command = command == null ? List.of() : List.copyOf(command);
        }
    }

    /** Whether any step changes a container; a playbook that does not only notifies. */
    public boolean acts() {
        return steps.stream().anyMatch(s -> s.kind().acts());
    }
}
