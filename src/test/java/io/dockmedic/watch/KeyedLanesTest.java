package io.dockmedic.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedLanesTest {

    @Test
    void workOfOneKeyRunsInOrderAndNeverConcurrently() throws Exception {
        KeyedLanes lanes = new KeyedLanes(4, "test-lane-");
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(10 * 200);
        for (int i = 0; i < 200; i++) {
            for (int k = 0; k < 10; k++) {
                String key = "c" + k;
                int n = i;
                lanes.execute(key, () -> {
                    if (running.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.computeIfAbsent(key, x -> new ArrayList<>()).add(n); // safe only if never concurrent
                    Thread.yield();
                    running.get(key).decrementAndGet();
                    done.countDown();
                });
            }
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(0, overlaps.get());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(i);
        }
        for (int k = 0; k < 10; k++) {
            assertEquals(expected, seen.get("c" + k), "order of c" + k);
        }
        assertTrue(lanes.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void aBlockedKeyHoldsOneThreadOnlyAndEveryOtherKeyGoesOn() throws Exception {
        KeyedLanes lanes = new KeyedLanes(2, "test-lane-");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch others = new CountDownLatch(30);
        lanes.execute("stuck", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        lanes.execute("stuck", others::countDown); // waits behind its key, not in anyone's way
        for (int k = 0; k < 29; k++) {
            lanes.execute("c" + k, others::countDown);
        }
        assertTrue(awaitCount(others, 1), "29 other keys ran on the one free thread while 'stuck' waited");
        release.countDown();
        assertTrue(others.await(10, TimeUnit.SECONDS));
        assertTrue(lanes.shutdown(Duration.ofSeconds(5)));
    }

    /** pending() counts what was handed over and has not started: behind a busy key or in the pool's queue. */
    @Test
    void pendingCountsItemsNotStartedYetAndFallsToZeroWhenTheyRan() throws Exception {
        KeyedLanes lanes = new KeyedLanes(1, "test-lane-");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(5);
        lanes.execute("busy", () -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertEquals(0, lanes.pending(), "the running item is not pending");
        for (int i = 0; i < 3; i++) {
            lanes.execute("busy", done::countDown); // behind their key
        }
        lanes.execute("a", done::countDown); // in the pool's queue: its one thread is taken
        lanes.execute("b", done::countDown);
        assertEquals(5, lanes.pending());
        release.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(0, lanes.pending());
        assertTrue(lanes.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void threadsAreNamedAndAFailingItemDoesNotStopItsKey() throws Exception {
        KeyedLanes lanes = new KeyedLanes(1, "test-lane-");
        List<String> names = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        lanes.execute("a", () -> {
            throw new IllegalStateException("boom");
        });
        lanes.execute("a", () -> {
            names.add(Thread.currentThread().getName());
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("test-lane-0"), names);
        assertTrue(lanes.shutdown(Duration.ofSeconds(5)));
    }

    /**
     * A task that throws an Error (a direct-buffer OutOfMemoryError from a file read, a deep stack)
     * must neither kill its lane thread nor leave its key stuck: the key's next item and every other
     * key still run, on the same threads, and the failures are counted.
     */
    @Test
    void anErrorOfOneTaskKeepsTheLaneAndTheKeyUsable() throws Exception {
        KeyedLanes lanes = new KeyedLanes(2, "test-lane-");
        List<Runnable> bad = List.of(
                () -> {
                    throw new OutOfMemoryError("Direct buffer memory");
                },
                () -> {
                    throw new Error("boom");
                },
                KeyedLanesTest::recurse,
                () -> {
                    throw new AssertionError("not a RuntimeException either");
                });
        int keys = 6;
        CountDownLatch done = new CountDownLatch(keys * bad.size());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int k = 0; k < keys; k++) {
            String key = "c" + k;
            for (Runnable task : bad) {
                lanes.execute(key, task);
                lanes.execute(key, () -> {
                    threads.add(Thread.currentThread().getName());
                    done.countDown();
                });
            }
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "every key's next item ran: " + done.getCount() + " left");
        assertEquals(Set.of("test-lane-0", "test-lane-1"), threads, "the lane threads survived");
        assertEquals(keys * bad.size(), lanes.failures());
        assertTrue(lanes.shutdown(Duration.ofSeconds(5)));
    }

    private static void recurse() {
        recurse();
    }

    /** Waits until the latch's count is down to {@code left}. */
    private static boolean awaitCount(CountDownLatch latch, long left) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (latch.getCount() > left) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
