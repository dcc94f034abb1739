package io.dockmedic.text;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Lines produced on a thread of their own and consumed, in order, on the caller's: a long log
 * ({@code diagnose --log}) is read, cleaned and sampled on one core while the rules scan it on the
 * other. The lines travel in batches (at most {@value #BATCH_LINES} lines or {@value #BATCH_CHARS}
 * chars each, at most {@value #DEPTH} batches waiting), so what is in flight is bounded whatever the
 * input; a failure of the producing side (a read error) is thrown to the consumer, where the line
 * after the last good one would have come.
 *
 * <p>Hand-written: the JDK's parallel streams split a source, they do not pipeline one in order, and
 * a blocking queue of batches is all this needs.
 */
public final class ReaderThread implements Iterable<String> {
    static final int BATCH_LINES = 1024;
    static final int BATCH_CHARS = 64 * 1024;
    static final int DEPTH = 4;
    private static final Object END = new Object();

    private final Iterable<String> source;
    private final String name;

    private ReaderThread(Iterable<String> source, String name) {
        this.source = source;
        this.name = name;
    }

    /** {@code source}'s lines, each iteration read by a new daemon thread named {@code name}. */
    public static Iterable<String> of(Iterable<String> source, String name) {
        return new ReaderThread(source, name);
    }

    /** What the source threw: a RuntimeException (a read error) or an Error. */
    private record Failure(Throwable thrown) {
    }

    @Override
    public Iterator<String> iterator() {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
        Thread producer = new Thread(() -> produce(queue), name);
        producer.setDaemon(true); // a consumer that stops early leaves it blocked: it must not keep the JVM up
        producer.start();
        return new Consumer(queue);
    }

    private void produce(BlockingQueue<Object> queue) {
        String[] batch = new String[BATCH_LINES];
        int n = 0;
        int chars = 0;
        Throwable failure = null;
        try {
            Iterator<String> it = source.iterator();
            while (true) {
                String line;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    line = it.next();
                } catch (RuntimeException | Error e) {
                    failure = e; // the lines before it still go out first
                    break;
                }
                batch[n++] = line;
                chars += line.length();
                if (n == BATCH_LINES || chars >= BATCH_CHARS) {
                    queue.put(n == BATCH_LINES ? batch : Arrays.copyOf(batch, n));
                    batch = new String[BATCH_LINES];
                    n = 0;
                    chars = 0;
                }
            }
            if (n > 0) {
                queue.put(Arrays.copyOf(batch, n));
            }
            queue.put(failure == null ? END : new Failure(failure));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Consumer implements Iterator<String> {
        private final BlockingQueue<Object> queue;
        private String[] batch = new String[0];
        private int next;
        private boolean ended;

        Consumer(BlockingQueue<Object> queue) {
            this.queue = queue;
        }

        @Override
        public boolean hasNext() {
            while (!ended && next == batch.length) {
                Object item = take();
                if (item == END) {
                    ended = true;
                } else if (item instanceof Failure f) {
                    ended = true;
                    if (f.thrown() instanceof RuntimeException e) {
                        throw e;
                    }
                    throw (Error) f.thrown();
                } else {
                    batch = (String[]) item;
                    next = 0;
                }
            }
            return next < batch.length;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String line = batch[next];
            batch[next++] = null; // the batch does not keep a line the scan has let go of
            return line;
        }

        private Object take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for log lines", e);
            }
        }
    }
}
