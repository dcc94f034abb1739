package io.dockmedic.stack;

import io.dockmedic.compose.ComposeFile;
import io.dockmedic.compose.ComposeProject;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The troubleshooting page's "6 containers" check: the services a project's compose files say should run, against
 * the project's containers. A service is expected unless all its profiles are inactive or it is
 * scaled to zero ({@code deploy.replicas: 0}, {@code scale: 0}); a profile counts as active when a
 * service of it has a container (the agent cannot see the {@code --profile} flags used). One-off
 * containers ({@code docker compose run}) do not count. A service whose containers all exited 0
 * without a restart policy that would bring it back (a migration, a one-shot job) is completed, not
 * a gap; an exited one labelled {@code dockmedic.ignore=true} is counted but never a gap.
 */
public final class ExpectedServices {
    /** The states counted per project, in export order. */
    public static final List<String> STATES = List.of("expected", "running", "completed", "missing", "exited");

    /** What became of an expected service; {@link #label()} is its {@code state} label in {@link #STATES}. */
    public enum State {
        RUNNING("running"), COMPLETED("completed"),
        /** No container, or one created and never started: a gap. */
        MISSING("missing"),
        /** All its containers exited or are dead: a gap. */
        EXITED("exited");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
    static final String ONEOFF = "com.docker.compose.oneoff";

    /**
     * A service that should run and does not.
     *
     * @param state       {@link State#MISSING} or {@link State#EXITED}
     * @param container   the container's name, or the name Compose would give it when there is none
     * @param containerId the container's id, or "" when there is none
     * @param evidence    what was seen, in one line: the service, no container / created / docker ps' "Exited (N)"
     * @param dependsOn   the services it needs (depends_on, network_mode service:X)
     */
    public record Gap(String project, String service, State state, String container, String containerId, String evidence,
                      Set<String> dependsOn) {
    }

    /** The outcome for one project: counts by {@link #STATES} and the gaps. */
    public record Outcome(Map<String, Integer> counts, List<Gap> gaps) {
    }

    private ExpectedServices() {
    }

    /**
     * How long a container may stay created and never started before its service is a gap: {@code compose up}
     * creates the containers first and starts each once the services it depends on are started or healthy
     * ({@code depends_on: condition: service_healthy}), which takes as long as their health checks take.
     */
    public static final Duration DEPLOY_GRACE = Duration.ofMinutes(2);

    /**
     * Compares the compose files' services with {@code members}, every container of {@code project}, at
     * {@code now}: a service whose only container was created less than {@link #DEPLOY_GRACE} ago is being
     * deployed, counted as missing but not a gap yet.
     */
    public static Outcome compare(String project, ComposeProject compose, List<Engine.Member> members, Instant now) {
        List<Engine.Member> own = members.stream().filter(m -> !"true".equalsIgnoreCase(m.labels().getOrDefault(ONEOFF, ""))).toList();
        Set<String> activeProfiles = new LinkedHashSet<>();
        for (Engine.Member m : own) {
            ComposeFile.Service s = compose.services().get(m.service());
            if (s != null && s.profiles() != null) {
                activeProfiles.addAll(s.profiles());
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        STATES.forEach(s -> counts.put(s, 0));
        List<Gap> gaps = new ArrayList<>();
        Map<String, ComposeFile.Service> expected = compose.expected(activeProfiles);
        counts.put("expected", expected.size());
        for (ComposeFile.Service s : expected.values()) {
            List<Engine.Member> mine = own.stream().filter(m -> m.service().equals(s.name())).toList();
            List<Engine.Member> ran = mine.stream().filter(m -> !"created".equals(m.state())).toList();
            State state;
            if (mine.stream().anyMatch(Engine.Member::up)) {
                state = State.RUNNING;
            } else if (ran.isEmpty()) {
                state = State.MISSING;
                Engine.Member created = mine.isEmpty() ? null : mine.get(0);
                if (created != null && deploying(created, now)) {
                    counts.merge(state.label(), 1, Integer::sum);
                    continue; // counted, not a gap yet
                }
                String name = created == null ? expectedName(project, s, own) : created.name();
                gaps.add(new Gap(project, s.name(), state, name, created == null ? "" : created.id(),
                        where(project, s) + (created == null ? "no container (expected " + name + ")"
                                : "created, never started (container " + name + ")"),
                        compose.dependencies(s.name())));
            } else if (completed(s, ran)) {
                state = State.COMPLETED;
            } else {
                state = State.EXITED;
                if (ran.stream().anyMatch(m -> "true".equalsIgnoreCase(m.labels().getOrDefault(Labels.IGNORE, "")))) {
                    counts.merge(state.label(), 1, Integer::sum);
                    continue; // counted, never diagnosed
                }
                Engine.Member last = ran.stream().filter(m -> m.exitCode() != null && m.exitCode() != 0).findFirst().orElse(ran.get(0));
                gaps.add(new Gap(project, s.name(), state, last.name(), last.id(), where(project, s)
                        + (last.exitCode() == null ? capitalized(last.state()) : "Exited (" + last.exitCode() + ")")
                        + " (container " + last.name() + ", restart: " + (s.restart() == null ? "no" : s.restart()) + ")",
                        compose.dependencies(s.name())));
            }
            counts.merge(state.label(), 1, Integer::sum);
        }
        return new Outcome(counts, gaps);
    }

    /** Created less than {@link #DEPLOY_GRACE} before {@code now} (a creation time in the future too: clocks differ). */
    private static boolean deploying(Engine.Member created, Instant now) {
        return created.created() != null && created.created().isAfter(now.minus(DEPLOY_GRACE));
    }

    /** A one-shot service that did its job: exited 0, and no restart policy that restarts after a success. */

    private static boolean completed(ComposeFile.Service s, List<Engine.Member> ran) {
        String restart = s.restart() == null ? "no" : s.restart().strip();
        boolean oneShot = restart.equals("no") || restart.startsWith("on-failure");
        return oneShot && ran.stream().allMatch(m -> Integer.valueOf(0).equals(m.exitCode()));
    }

    /**
     * The name Compose gives the first container of a service: container_name, else project, service
     * and 1 joined by "-" (Compose v2) or "_" (v1, recognised from the project's other containers).
     */
    static String expectedName(String project, ComposeFile.Service s, List<Engine.Member> own) {
        if (s.containerName() != null) {
            return s.containerName();
        }
        boolean v1 = own.stream().anyMatch(m -> m.name().matches(java.util.regex.Pattern.quote(project + "_" + m.service() + "_") + "\\d+"));
        String sep = v1 ? "_" : "-";
        return project + sep + s.name() + sep + "1";
    }

    private static String where(String project, ComposeFile.Service s) {
        return "compose service \"" + s.name() + "\" of project \"" + project + "\": ";
    }

    private static String capitalized(String state) {
        return state.isEmpty() ? "not running" : Character.toUpperCase(state.charAt(0)) + state.substring(1);
    }
}
