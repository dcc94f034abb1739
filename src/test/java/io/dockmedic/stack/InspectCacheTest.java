package io.dockmedic.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.docker.Engine;
import io.dockmedic.docker.EngineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InspectCacheTest {

    /** An engine whose project listing blocks until released, and counts its calls. */
    private static final class SlowEngine implements Engine {
        final AtomicInteger listings = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean fail;

        @Override
        public List<Member> projectMembers(String project) throws EngineException {
            listings.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new EngineException("engine said no");
            }
            return List.of(new Member("id1", "shop-app-1", "app", "shop-app", "running", null, java.util.Map.of()));
        }

        @Override
        public Subscription events(long sinceNanos, long untilNanos, EventSink sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> runningContainerIds() {
            return List.of();
        }

        @Override
        public Optional<ContainerInfo> inspect(String idOrName) {
            return Optional.empty();
        }

        @Override
        public List<String> logs(String id, long sinceEpochSeconds, int tail) {
            return List.of();
        }

        @Override
        public String ping() {
            return "1.41";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void concurrentAsksForOneProjectShareOneEngineCall() throws Exception {
        SlowEngine engine = new SlowEngine();
        InspectCache cache = new InspectCache(Duration.ofMinutes(1));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<Engine.Member>>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(pool.submit(() -> cache.members(engine, "shop")));
        }
        while (engine.listings.get() == 0) {
            Thread.sleep(5);
        }
        Thread.sleep(100); // the other seven are waiting by now (or have not asked yet: both are fine)
        engine.release.countDown();
        for (Future<List<Engine.Member>> a : answers) {
            assertEquals("app", a.get(10, TimeUnit.SECONDS).get(0).service());
        }
        assertEquals(1, engine.listings.get());
        pool.shutdown();
    }

    @Test
    void aFailedCallIsNotKept() throws Exception {
        SlowEngine engine = new SlowEngine();
        engine.release.countDown();
        engine.fail = true;
        InspectCache cache = new InspectCache(Duration.ofMinutes(1));
        assertThrows(EngineException.class, () -> cache.members(engine, "shop"));
        engine.fail = false;
        assertEquals(1, cache.members(engine, "shop").size());
        assertEquals(2, engine.listings.get());
    }

    @Test
    void entriesExpire() throws Exception {
        SlowEngine engine = new SlowEngine();
        engine.release.countDown();
        InspectCache cache = new InspectCache(Duration.ZERO);
        cache.members(engine, "shop");
        cache.members(engine, "shop");
        assertEquals(2, engine.listings.get());
    }
}
