package io.dockmedic.text;

import java.util.Iterator;
import java.util.function.UnaryOperator;

/** Lines read once, as they come, never held: the one place a stream of lines is mapped on its way. */
public final class Lines {
    private Lines() {
    }

    /**
     * The lines with {@code each} applied to every line as it passes, in order, each once per
     * iteration (a stateful {@code each}, a redaction session or a sample, sees every line).
     */
    public static Iterable<String> mapped(Iterable<String> lines, UnaryOperator<String> each) {
        return () -> new Iterator<>() {
            private final Iterator<String> it = lines.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public String next() {
                return each.apply(it.next());
            }
        };
    }
}
