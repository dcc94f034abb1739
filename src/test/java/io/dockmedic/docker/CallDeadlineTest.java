package io.dockmedic.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {

    @Test
    void aCallThatNeverAnswersFailsWithinItsDeadlineAndIsInterrupted() throws Exception {
        try (CallDeadline calls = new CallDeadline(2, 2, "test-engine-")) {
            CountDownLatch interrupted = new CountDownLatch(1);
            long t0 = System.nanoTime();
            EngineException e = assertThrows(EngineException.class, () -> calls.run("inspect container x", Duration.ofMillis(200), () -> {
                try {
                    Thread.sleep(60_000); // a read on a socket the engine never answers
                } catch (InterruptedException ie) {
                    interrupted.countDown(); // what closes docker-java's unix socket channel
                }
                return null;
            }));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
            assertEquals(EngineException.Reason.TIMEOUT, e.reason());
            assertTrue(e.unresponsive());
            assertTrue(e.getMessage().startsWith("inspect container x: no answer from the engine within 200 ms"), e.getMessage());
            assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the helper thread is freed");
        }
    }

    @Test
    void whenEveryThreadAndQueueSlotIsStuckACallFailsAtOnce() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (CallDeadline calls = new CallDeadline(1, 1, "test-engine-")) {
            Runnable stuck = () -> {
                try {
                    calls.run("stuck", Duration.ofSeconds(30), () -> {
                        while (never.getCount() > 0) { // ignores interrupts
                            try {
                                never.await();
                            } catch (InterruptedException ignored) {
                                // like a read in the kernel
                            }
                        }
                        return null;
                    });
                } catch (EngineException ignored) {
                    // the test's own timeout
                }
            };
            Thread a = new Thread(stuck);
            Thread b = new Thread(stuck);
            a.start();
            Thread.sleep(100);
            b.start(); // queued
            Thread.sleep(100);
            long t0 = System.nanoTime();
            EngineException e = assertThrows(EngineException.class, () -> calls.run("ping", Duration.ofSeconds(30), () -> "ok"));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "at once");
            assertEquals(EngineException.Reason.OVERLOADED, e.reason());
            never.countDown();
            a.join(5000);
            b.join(5000);
        }
    }

    @Test
    void answersAndTheCallsOwnFailuresPassThrough() throws Exception {
        try (CallDeadline calls = new CallDeadline(2, 2, "test-engine-")) {
            assertEquals("24.0", calls.run("ping", Duration.ofSeconds(5), () -> "24.0"));
            EngineException own = new EngineException("cannot inspect container x: refused");
            assertSame(own, assertThrows(EngineException.class, () -> calls.run("inspect", Duration.ofSeconds(5), () -> {
                throw own;
            })));
            EngineException wrapped = assertThrows(EngineException.class, () -> calls.run("inspect", Duration.ofSeconds(5), () -> {
                throw new IllegalStateException("bad json");
            }));
            assertEquals(EngineException.Reason.FAILED, wrapped.reason());
        }
    }

    /** Two started calls run at once: each waits until the other was sent, which a call run in turn never sees. */
    @Test
    void startedCallsRunTogetherAndAreAwaitedLater() throws Exception {
        try (CallDeadline calls = new CallDeadline(2, 2, "test-engine-")) {
            CountDownLatch both = new CountDownLatch(2);
            CallDeadline.Call<String> call = () -> {
                both.countDown();
                try {
                    return both.await(5, TimeUnit.SECONDS) ? "answered" : "alone";
                } catch (InterruptedException e) {
                    throw new EngineException("interrupted");
                }
            };
            PendingCall<String> first = calls.start("read logs of a", Duration.ofSeconds(10), call);
            PendingCall<String> second = calls.start("read logs of b", Duration.ofSeconds(10), call);
            assertEquals("answered", first.await());
            assertEquals("answered", second.await());
        }
    }

    /** The deadline runs from the start, not from the await; a call given up frees its thread. */
    @Test
    void aStartedCallKeepsItsDeadlineAndCanBeGivenUp() throws Exception {
        try (CallDeadline calls = new CallDeadline(2, 2, "test-engine-")) {
            CountDownLatch interrupted = new CountDownLatch(1);
            CallDeadline.Call<String> hangs = () -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return null;
            };
            PendingCall<String> late = calls.start("read logs of a", Duration.ofMillis(200), hangs);
            Thread.sleep(300);
            long t0 = System.nanoTime();
            EngineException e = assertThrows(EngineException.class, late::await);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "the deadline had passed: fails at once");
            assertEquals(EngineException.Reason.TIMEOUT, e.reason());
            assertTrue(interrupted.await(5, TimeUnit.SECONDS));

            CountDownLatch cancelled = new CountDownLatch(1);
            PendingCall<String> dropped = calls.start("read logs of b", Duration.ofSeconds(30), () -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException ie) {
                    cancelled.countDown();
                }
                return null;
            });
            Thread.sleep(100);
            dropped.cancel();
            assertTrue(cancelled.await(5, TimeUnit.SECONDS), "cancel interrupts the call");
            assertThrows(EngineException.class, dropped::await);
        }
    }
}
