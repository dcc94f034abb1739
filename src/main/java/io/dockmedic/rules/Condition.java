package io.dockmedic.rules;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Set;

/**
 * A test over the evidence. Line conditions ({@link LinePattern}) are evaluated once per line for
 * the whole rule set in one scan ({@link Scan}); the boolean structure is then evaluated over the
 * scan's results, so every line is read once whatever the number of rules.
 */
public sealed interface Condition {

    /**
     * True when the condition holds; then its positive hits (the evidence to show) are added to
     * {@code out} and {@code out}'s count of conditions that held grows by the leaves that held.
     */
    boolean eval(Scan scan, Hits out);

    /**
     * Where a line comes from: the container's log, its health probes, either of them ({@code ANY}),
     * or the logs of the services it depends on ({@code NEIGHBOR}, never part of {@code ANY}).
     */
    enum Source {
        LOG, PROBE, ANY, NEIGHBOR;

        /** Whether a pattern of this source looks at a line that came from {@code from}. */
        boolean covers(Source from) {
            return this == from || (this == ANY && from != NEIGHBOR);
        }
    }

    /**
     * A regular expression (RE2 syntax: linear time, no backtracking) over log lines or probe outputs.
     *
     * @param regex    the pattern, compiled on first use ({@link LazyPattern}: most patterns never run)
     * @param clauses  prefilter: every match contains one lowercase literal of each clause; null when unknown
     * @param except   a line that also matches this is not a hit (a per-line exclusion), or null
     * @param literal  the pattern as plain text when it is one (then no regular expression runs), or null
     * @param starts   lowercase literals one of which starts every match, or null when unknown: the
     *                 regular expression starts at the first of them, not at the line's start
     */
    record LinePattern(int index, Source source, LazyPattern regex, String text, List<List<String>> clauses,
                       LazyPattern except, LiteralPattern literal, List<String> starts) implements Condition {
        /** The compiled pattern (compiled now if it was not yet). */
        Pattern pattern() {
            return regex.get();
        }

        /** The compiled exclusion, or null. */
        Pattern unless() {
            return except == null ? null : except.get();
        }

        @Override
        public boolean eval(Scan scan, Hits out) {
            List<Scan.Hit> hits = scan.hits(index);
            if (hits.isEmpty()) {
                return false;
            }
            out.addAll(hits);
            out.held(1);
            return true;
        }

        /** Whether this pattern accepts a line it was tried on: it matches and the exclusion does not. */
        boolean accepts(String line) {
            Boolean decided = literal == null ? null : literal.decide(line);
            return (decided != null ? decided : pattern().matcher(line).find(MatchStarts.firstStart(line, starts)))
                    && (except == null || !except.get().matcher(line).find());
        }
    }

    /** A stack probe established this fact (see evidence.Facts). */
    record Fact(String name) implements Condition {
        @Override
        public boolean eval(Scan scan, Hits out) {
            if (!scan.evidence().facts().contains(name)) {
                return false;
            }
            out.addFact("stack probe: " + io.dockmedic.evidence.Facts.ALL.getOrDefault(name, name));
            out.held(1);
            return true;
        }
    }

    /** The container's last exit code is one of these; {@code nonZero} accepts any code but 0. */
    record ExitCode(Set<Integer> codes, boolean nonZero) implements Condition {
        @Override
        public boolean eval(Scan scan, Hits out) {
            Integer code = scan.evidence().exitCode();
            boolean ok = code != null && (nonZero ? code != 0 : codes.contains(code));
            if (ok) {
                out.addFact("exit code " + code);
                out.held(1);
            }
            return ok;
        }
    }

    /** The engine's OOMKilled flag has this value. */
    record OomKilled(boolean expected) implements Condition {
        @Override
        public boolean eval(Scan scan, Hits out) {
            boolean ok = scan.evidence().oomKilled() == expected;
            if (ok && expected) {
                out.addFact("OOMKilled=true (exit code " + scan.evidence().exitCode() + ")");
            }
            if (ok) {
                out.held(1);
            }
            return ok;
        }
    }

    /**
     * An env var (by NAME) is present and not empty / absent / absent or empty / set but empty.
     * Never true without container context.
     */
    record Env(String name, Mode mode) implements Condition {
        /** {@code env_present}, {@code env_absent}, {@code env_empty}, {@code env_set_empty}. */
        public enum Mode { PRESENT, ABSENT, EMPTY, SET_EMPTY }

        @Override
        public boolean eval(Scan scan, Hits out) {
            var ev = scan.evidence();
            if (ev.containerId().isEmpty()) {
                return false; // a bare log says nothing about the environment
            }
            boolean present = ev.envNames().contains(name);
            boolean empty = ev.emptyEnvNames().contains(name);
            boolean ok = switch (mode) {
                case PRESENT -> present && !empty;
                case ABSENT -> !present;
                case EMPTY -> !present || empty;
                case SET_EMPTY -> present && empty;
            };
            if (ok) {
                out.addFact(present ? "env " + name + (empty ? " is set but empty" : " is set")
                        : "env " + name + " is not set in the container");
                out.held(1);
            }
            return ok;
        }
    }

    /** The compose service (or container name) or the image matches a pattern. */
    record Selector(Field field, Pattern pattern, String text) implements Condition {
        public enum Field { SERVICE, IMAGE }

        @Override
        public boolean eval(Scan scan, Hits out) {
            var ev = scan.evidence();
            String value = field == Field.SERVICE ? ev.serviceOrName() : ev.image();
            boolean ok = value != null && !value.isEmpty() && pattern.matcher(value).find();
            if (ok) {
                out.held(1);
            }
            return ok;
        }
    }

    /**
     * What made dockmedic look at the container is one of these (rule files may name every
     * {@link io.dockmedic.state.Trigger} but refresh). Lets an exit-code rule hold only for exits
     * the agent saw happen, not for a stop someone asked for.
     */
    record Trigger(Set<io.dockmedic.state.Trigger> triggers) implements Condition {
        public Trigger {
            triggers = Set.copyOf(triggers);
        }

        /** The spellings a rule file may use, for error messages. */
        public static String spellings() {
            return String.join(", ", io.dockmedic.state.Trigger.inRules().stream().map(io.dockmedic.state.Trigger::wire).toList());
        }

        @Override
        public boolean eval(Scan scan, Hits out) {
            boolean ok = triggers.contains(scan.evidence().trigger());
            if (ok) {
                out.held(1);
            }
            return ok;
        }
    }

    /** Every child holds. */
    record All(List<Condition> children) implements Condition {
        @Override
        public boolean eval(Scan scan, Hits out) {
            Hits mine = new Hits();
            for (Condition c : children) {
                if (!c.eval(scan, mine)) {
                    return false;
                }
            }
            out.addAll(mine);
            return true;
        }
    }

    /**
     * At least one child holds; hits of every child that holds are kept. Alternatives are not extra
     * conditions: the conditions that held are those of the best child that held.
     */
    record Any(List<Condition> children) implements Condition {
        @Override
        public boolean eval(Scan scan, Hits out) {
            boolean any = false;
            int best = 0;
            for (Condition c : children) {
                Hits mine = new Hits();
                if (c.eval(scan, mine)) {
                    any = true;
                    best = Math.max(best, mine.held());
                    out.addEvidence(mine);
                }
            }
            if (any) {
                out.held(best);
            }
            return any;
        }
    }

    /**
     * No child holds, over the whole evidence (a {@code log} child excludes when ANY line matches it;
     * for a per-line exclusion use {@code unless}). Counts as no condition held.
     */
    record None(List<Condition> children) implements Condition {
        @Override
        public boolean eval(Scan scan, Hits out) {
            Hits ignored = new Hits();
            for (Condition c : children) {
                if (c.eval(scan, ignored)) {
                    return false;
                }
            }
            return true;
        }
    }
}
