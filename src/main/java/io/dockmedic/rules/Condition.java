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

    /** True when the condition holds; positive hits (the evidence to show) are added to {@code out}. */
    boolean eval(Scan scan, Hits out);

    /** How many leaf conditions this holds: the rule's specificity. */
    int leaves();

    /** Where a line comes from. */
    enum Source { LOG, PROBE, ANY }

    /**
     * A regular expression (RE2 syntax: linear time, no backtracking) over log lines or probe outputs.
     *
     * @param literals lowercase literals one of which every match contains (a cheap prefilter), or null
     */
    record LinePattern(int index, Source source, Pattern pattern, String text, List<String> literals) implements Condition {
        @Override
        public boolean eval(Scan scan, Hits out) {
            List<Scan.Hit> hits = scan.hits(index);
            if (hits.isEmpty()) {
                return false;
            }
            out.addAll(hits);
            return true;
        }

        @Override
        public int leaves() {
            return 1;
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
            }
            return ok;
        }

        @Override
        public int leaves() {
            return 1;
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
            return ok;
        }

        @Override
        public int leaves() {
            return 1;
        }
    }

    /** An env var (by NAME) is present / absent / absent-or-empty. Never true without container context. */
    record Env(String name, Mode mode) implements Condition {
        public enum Mode { PRESENT, ABSENT, EMPTY }

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
            };
            if (ok) {
                out.addFact(switch (mode) {
                    case PRESENT -> "env " + name + " is set";
                    case ABSENT -> "env " + name + " is not set in the container";
                    case EMPTY -> present ? "env " + name + " is empty" : "env " + name + " is not set in the container";
                });
            }
            return ok;
        }

        @Override
        public int leaves() {
            return 1;
        }
    }

    /** The compose service (or container name) or the image matches a pattern. */
    record Selector(Field field, Pattern pattern, String text) implements Condition {
        public enum Field { SERVICE, IMAGE }

        @Override
        public boolean eval(Scan scan, Hits out) {
            var ev = scan.evidence();
            String value = field == Field.SERVICE ? ev.serviceOrName() : ev.image();
            return value != null && !value.isEmpty() && pattern.matcher(value).find();
        }

        @Override
        public int leaves() {
            return 1;
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

        @Override
        public int leaves() {
            return children.stream().mapToInt(Condition::leaves).sum();
        }
    }

    /** At least one child holds; hits of every child that holds are kept. */
    record Any(List<Condition> children) implements Condition {
        @Override
        public boolean eval(Scan scan, Hits out) {
            boolean any = false;
            for (Condition c : children) {
                any |= c.eval(scan, out);
            }
            return any;
        }

        @Override
        public int leaves() {
            return children.stream().mapToInt(Condition::leaves).max().orElse(0);
        }
    }

    /** No child holds: benign near-misses and exclusions. */
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

        @Override
        public int leaves() {
            return 0;
        }
    }
}
