package io.dockmedic.rules;

import com.google.re2j.Pattern;

/**
 * A line pattern's RE2 program, compiled when it is first needed: the loader compiles each pattern
 * once to check it ({@link ConditionReader}) and keeps only the text, because the prefilter makes few
 * patterns candidates in a daemon's life (the built-ins' programs held ~3 MiB of heap, a sixth of the
 * agent's live set), and a pattern that {@link LiteralPattern} decides runs its program only when
 * that would take more than its budget. Thread-safe: threads
 * that race on the first use may each compile, and one program is kept; the text is the same and so is
 * the program's answer.
 */
final class LazyPattern {
    private final String regex;
    private volatile Pattern compiled;

    LazyPattern(String regex) {
        this.regex = regex;
    }

    /** The compiled program (compiled now if it was not yet; the text was checked at load). */
    Pattern get() {
        Pattern p = compiled;
        if (p == null) {
            synchronized (this) {
                p = compiled;
                if (p == null) {
                    p = Pattern.compile(regex);
                    compiled = p;
                }
            }
        }
        return p;
    }

    /** Whether the program was compiled (tests). */
    boolean isCompiled() {
        return compiled != null;
    }

    String regex() {
        return regex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LazyPattern l && l.regex.equals(regex);
    }

    @Override
    public int hashCode() {
        return regex.hashCode();
    }

    @Override
    public String toString() {
        return regex;
    }
}
