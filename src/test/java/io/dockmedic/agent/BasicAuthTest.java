package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.dockmedic.agent.BasicAuth.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
    private static final String PASSWORD = "s3cret";
    private static final BCrypt.HashData HASH = parse(
            BCrypt.with(BCrypt.Version.VERSION_2Y).hash(6, PASSWORD.getBytes(StandardCharsets.UTF_8)));

    /** The real bcrypt check, counted, with the hash of every call. */
    private final List<BCrypt.HashData> calls = new ArrayList<>();
    private final BasicAuth.Verifier counting = (password, hash) -> {
        calls.add(hash);
        return BasicAuth.BCRYPT.matches(password, hash);
    };

    @Test
    void aCorrectPasswordIsCheckedOnceThenServedFromTheCache() {
        BasicAuth auth = new BasicAuth(Map.of("prometheus", HASH), counting, direct());
        assertEquals(Outcome.ALLOWED, check(auth, "prometheus", PASSWORD));
        assertEquals(Outcome.ALLOWED, check(auth, "prometheus", PASSWORD));
        assertEquals(Outcome.ALLOWED, check(auth, "prometheus", PASSWORD));
        assertEquals(1, calls.size(), "bcrypt ran once for three requests");
    }

    @Test
    void aRepeatedWrongPasswordIsCheckedOnce() {
        BasicAuth auth = new BasicAuth(Map.of("prometheus", HASH), counting, direct());
        assertEquals(Outcome.DENIED, check(auth, "prometheus", "wrong"));
        assertEquals(Outcome.DENIED, check(auth, "prometheus", "wrong"));
        assertEquals(1, calls.size());
        assertEquals(Outcome.ALLOWED, check(auth, "prometheus", PASSWORD), "a refusal does not stick to the user");
    }

    @Test
    void unknownUserAndWrongPasswordTakeTheSamePath() {
        BasicAuth auth = new BasicAuth(Map.of("prometheus", HASH), counting, direct());
        assertEquals(Outcome.DENIED, check(auth, "prometheus", "wrong"));
        assertEquals(1, calls.size(), "a known user with a wrong password: one bcrypt check");
        assertEquals(Outcome.DENIED, check(auth, "grafana", PASSWORD));
        assertEquals(2, calls.size(), "an unknown user: one bcrypt check too");
        assertEquals(HASH.cost, calls.get(1).cost, "against a dummy hash of the same cost");
        assertFalse(calls.get(1).equals(HASH));
    }

    @Test
    void passwordsBeyondBcryptsLimitNeverMatch() {
        byte[] long1 = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
        BCrypt.HashData truncated = parse(BCrypt.with(BCrypt.Version.VERSION_2Y,
                at.favre.lib.crypto.bcrypt.LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2Y)).hash(4, long1));
        BasicAuth auth = new BasicAuth(Map.of("prometheus", truncated), counting, direct());
        assertEquals(Outcome.DENIED, check(auth, "prometheus", "x".repeat(100)));
        assertEquals(1, calls.size(), "still one bcrypt check: the same time as any wrong password");
    }

    @Test
    void aPasswordTheLibraryRefusesIsWrongNotAnError() {
        BasicAuth auth = new BasicAuth(Map.of("prometheus", HASH), counting, direct());
        assertEquals(Outcome.DENIED, check(auth, "prometheus", ""));
        BasicAuth throwing = new BasicAuth(Map.of("prometheus", HASH), (password, hash) -> {
            throw new IllegalArgumentException("refused");
        }, direct());
        assertEquals(Outcome.DENIED, check(throwing, "prometheus", PASSWORD));
    }

    @Test
    void aFullCheckQueueAnswersBusyAtOnceAndCachedPasswordsStillPass() {
        BasicAuth auth = new BasicAuth(Map.of("prometheus", HASH), counting, direct());
        assertEquals(Outcome.ALLOWED, check(auth, "prometheus", PASSWORD));
        BasicAuth saturated = new BasicAuth(Map.of("prometheus", HASH), counting, refusing());
        assertEquals(Outcome.BUSY, check(saturated, "prometheus", "wrong"));
        assertEquals(1, calls.size(), "no check ran for the refused one");
        for (int i = 0; i < BasicAuth.DENIED_CACHED * 3; i++) {
            assertEquals(Outcome.DENIED, check(auth, "prometheus", "wrong-" + i));
        }
        assertEquals(Outcome.ALLOWED, check(auth, "prometheus", PASSWORD), "wrong passwords do not evict the right one");
        assertEquals(1 + BasicAuth.DENIED_CACHED * 3, calls.size());
    }

    @Test
    void theCheckThreadTakesOneCheckAndAFewWaiting() throws Exception {
        ExecutorService pool = BasicAuth.checkThread();
        try {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            int accepted = 0;
            try {
                for (int i = 0; i < 100; i++) {
                    pool.execute(() -> {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    accepted++;
                }
            } catch (RejectedExecutionException e) {
                // expected once one runs and QUEUED_CHECKS wait
            }
            assertEquals(1 + BasicAuth.QUEUED_CHECKS, accepted);
            release.countDown();
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    private static BCrypt.HashData parse(byte[] hash) {
        try {
            return BCrypt.Version.VERSION_2A.parser.parse(hash);
        } catch (at.favre.lib.crypto.bcrypt.IllegalBCryptFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Outcome check(BasicAuth auth, String user, String password) {
        AtomicReference<Outcome> out = new AtomicReference<>();
        auth.check(user, password, o -> assertTrue(out.compareAndSet(null, o), "one outcome"));
        return out.get();
    }

    /** Runs each check on the calling thread. */
    private static ExecutorService direct() {
        return new Immediate(false);
    }

    /** Refuses every check, as the bounded check thread does when its queue is full. */
    private static ExecutorService refusing() {
        return new Immediate(true);
    }

    private static final class Immediate extends AbstractExecutorService {
        private final boolean refuse;

        Immediate(boolean refuse) {
            this.refuse = refuse;
        }

        @Override
        public void execute(Runnable command) {
            if (refuse) {
                throw new RejectedExecutionException("full");
            }
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
