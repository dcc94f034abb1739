package io.dockmedic.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TargetLaneTest {
    private static final Request REQ = Request.json(URI.create("http://127.0.0.1:9/hook"), "{}");
    private static final TargetLane.Policy FAST = new TargetLane.Policy(4, Duration.ofMillis(1), 2);

    private final List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final Tally tally = (target, outcome) -> outcomes.add(target + " " + outcome.id());

    /** A fake service answering the given statuses in turn (the last one forever after). */
    private static Transport answering(AtomicInteger calls, Transport.Response... answers) {
        return r -> answers[Math.min(calls.getAndIncrement(), answers.length - 1)];
    }

    @Test
    void retriesA429AfterItsRetryAfterAndCountsOneSend() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        TargetLane lane = new TargetLane("ops", 20, FAST, answering(calls,
                new Transport.Response(429, Optional.of(Duration.ZERO)), new Transport.Response(503, Optional.empty()),
                new Transport.Response(200, Optional.empty())), tally);
        lane.offer(REQ);
        lane.close(Duration.ofSeconds(30));
        assertEquals(3, calls.get());
        assertEquals(List.of("ops sent"), outcomes);
    }

    @Test
    void givesUpAfterTheLastAttemptAndNeverRetriesA4xx() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        TargetLane lane = new TargetLane("ops", 20, FAST, answering(calls, new Transport.Response(500, Optional.empty())), tally);
        lane.offer(REQ);
        lane.close(Duration.ofSeconds(30));
        assertEquals(4, calls.get());
        AtomicInteger calls404 = new AtomicInteger();
        TargetLane other = new TargetLane("dev", 20, FAST, answering(calls404, new Transport.Response(404, Optional.empty())), tally);
        other.offer(REQ);
        other.close(Duration.ofSeconds(30));
        assertEquals(1, calls404.get());
        assertEquals(List.of("ops failed", "dev failed"), outcomes);
    }

    @Test
    void anIoErrorIsRetried() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        TargetLane lane = new TargetLane("ops", 20, FAST, r -> {
            if (calls.getAndIncrement() == 0) {
                throw new IOException("connection refused");
            }
            return new Transport.Response(204, Optional.empty());
        }, tally);
        lane.offer(REQ);
        lane.close(Duration.ofSeconds(30));
        assertEquals(List.of("ops sent"), outcomes);
    }

    @Test
    void neverMoreThanTheRatePerMinute() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        TargetLane lane = new TargetLane("ops", 2, new TargetLane.Policy(1, Duration.ofMillis(1), 10),
                answering(calls, new Transport.Response(200, Optional.empty())), tally);
        for (int i = 0; i < 5; i++) {
            lane.offer(REQ);
        }
        lane.close(Duration.ofSeconds(30));
        assertEquals(2, calls.get());
        assertEquals(3, outcomes.stream().filter(o -> o.equals("ops rate_limited")).count());
        assertEquals(2, outcomes.stream().filter(o -> o.equals("ops sent")).count());
    }

    @Test
    void aHungTargetFillsOnlyItsOwnQueueAndDropsAreCounted() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        TargetLane hung = new TargetLane("hung", 100, FAST, r -> {
            entered.countDown();
            release.await();
            return new Transport.Response(200, Optional.empty());
        }, tally);
        AtomicInteger fine = new AtomicInteger();
        TargetLane other = new TargetLane("fine", 100, FAST, answering(fine, new Transport.Response(200, Optional.empty())), tally);
        hung.offer(REQ);
        entered.await();
        hung.offer(REQ);
        hung.offer(REQ); // queue of 2 now full
        hung.offer(REQ);
        hung.offer(REQ);
        other.offer(REQ);
        other.close(Duration.ofSeconds(30));
        assertEquals(1, fine.get(), "the other target is not delayed");
        assertEquals(List.of("hung dropped", "hung dropped", "fine sent"), outcomes);
        release.countDown();
        hung.close(Duration.ofSeconds(30));
        assertEquals(3, outcomes.stream().filter(o -> o.equals("hung sent")).count());
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-12-06T05:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(7)), HttpTransport.retryAfter("7", now));
        assertEquals(Optional.of(Duration.ofSeconds(30)), HttpTransport.retryAfter("Sun, 06 Dec 2026 05:00:30 GMT", now));
        assertEquals(Optional.empty(), HttpTransport.retryAfter("soon", now));
    }
}
