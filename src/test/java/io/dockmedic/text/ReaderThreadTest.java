package io.dockmedic.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ReaderThreadTest {

    @Property(tries = 50)
    void everyLineArrivesOnceInOrder(@ForAll @Size(max = 5000) List<@StringLength(max = 200) String> lines) {
        assertEquals(lines, drain(ReaderThread.of(lines, "test-reader")));
    }

    @Test
    void batchesCloseOnCharsAsWellAsLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3 * ReaderThread.BATCH_LINES + 7; i++) {
            lines.add((i % 97 == 0 ? "x".repeat(ReaderThread.BATCH_CHARS) : "") + i);
        }
        assertEquals(lines, drain(ReaderThread.of(lines, "test-reader")));
    }

    @Test
    void aReadErrorReachesTheConsumerAfterTheLinesBeforeIt() {
        UncheckedIOException failure = new UncheckedIOException(new IOException("disk gone"));
        Iterable<String> source = () -> new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                if (n == 2500) {
                    throw failure;
                }
                return "line " + n++;
            }
        };
        Iterator<String> it = ReaderThread.of(source, "test-reader").iterator();
        for (int i = 0; i < 2500; i++) {
            assertEquals("line " + i, it.next());
        }
        assertSame(failure, assertThrows(UncheckedIOException.class, it::hasNext));
    }

    @Test
    void anErrorReachesTheConsumerToo() {
        Iterable<String> source = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                throw new StackOverflowError("deep");
            }
        };
        assertThrows(StackOverflowError.class, () -> ReaderThread.of(source, "test-reader").iterator().hasNext());
    }

    /** The reader never runs further ahead of the consumer than its batches allow, however long the input. */
    @Test
    void whatIsInFlightIsBounded() throws InterruptedException {
        AtomicLong consumed = new AtomicLong();
        AtomicLong maxAhead = new AtomicLong();
        String line = "y".repeat(100);
        long total = 200_000;
        Iterable<String> source = () -> new Iterator<>() {
            private long n;

            @Override
            public boolean hasNext() {
                return n < total;
            }

            @Override
            public String next() {
                n++;
                maxAhead.accumulateAndGet(n - consumed.get(), Math::max);
                return line;
            }
        };
        long batch = ReaderThread.BATCH_CHARS / line.length() + 1;
        Iterator<String> it = ReaderThread.of(source, "test-reader").iterator();
        while (it.hasNext()) {
            it.next();
            if (consumed.incrementAndGet() % 20_000 == 0) {
                // let the reader run as far ahead as it may: at least its queue's worth
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (maxAhead.get() < ReaderThread.DEPTH * batch && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertTrue(maxAhead.get() >= ReaderThread.DEPTH * batch, "the reader never filled its queue");
            }
        }
        assertEquals(total, consumed.get());
        // DEPTH batches queued, one being filled, one being consumed
        assertTrue(maxAhead.get() <= (ReaderThread.DEPTH + 2) * batch, "reader ran " + maxAhead.get() + " lines ahead");
    }

    private static List<String> drain(Iterable<String> lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(out::add);
        return out;
    }
}
