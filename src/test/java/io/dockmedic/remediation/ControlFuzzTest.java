package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.config.Config;
import io.dockmedic.config.ConfigLoader;
import io.dockmedic.fuzz.Fuzz;
import io.dockmedic.journal.StateDir;
import io.dockmedic.journal.StateFile;
import io.dockmedic.metrics.DockmedicMetrics;
import io.dockmedic.watch.FakeEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes control requests (the files {@code dockmedic remediation rearm|pause|resume} leave in the
 * state dir, which anyone who can write there can forge): every request, whatever its bytes, is
 * answered with an ack and removed, and reaches the real Remediator's handling without an exception
 * escaping it; nothing hangs.
 */
class ControlFuzzTest {
    private static Path state;
    private static DockmedicMetrics metrics;
    private static Remediator remediator;
    private static ControlPoller poller;
    private static final List<String> answers = new ArrayList<>();

    private static ch.qos.logback.classic.Level level;

    @BeforeContainer
    static void start() throws Exception {
        // one INFO line per applied request: quiet while fuzzing
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dockmedic.remediation");
        level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.WARN);
        state = Files.createTempDirectory("dm-fuzz-control");
        Config config = ConfigLoader.load(null, Map.of(), Map.of("state_dir", state.toString(),
                "rules.dirs", "", "remediation.playbook_dirs", ""));
        metrics = new DockmedicMetrics("test", "test");
        // never started: its own timer does not poll, the property calls the poll itself
        remediator = new Remediator(config.remediation(), config.stateDir(), new FakeEngine(), metrics,
                PlaybookLoader.load(List.of()), Clock.systemUTC());
        StateDir dir = StateDir.open(state);
        poller = new ControlPoller(new ControlPoller.Dir(dir), new StateFile<>(dir.resolve(ControlPoller.APPLIED_FILE),
                ControlPoller.Applied.class), Clock.systemUTC(), (id, r) -> {
                    String a = remediator.apply(id, r);
                    answers.add(a);
                    return a;
                });
    }

    @AfterContainer
    static void stop() throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dockmedic.remediation")).setLevel(level);
        remediator.close();
        metrics.close();
        try (Stream<Path> walk = Files.walk(state)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<String> requests() {
        List<String> seeds = List.of("{\"command\":\"rearm\",\"service\":\"shop/app\"}", "{\"command\":\"pause\",\"for\":\"30m\"}",
                "{\"command\":\"pause\"}", "{\"command\":\"resume\"}", "{\"command\":\"pause\",\"for\":\"-1s\"}");
        return Arbitraries.oneOf(Fuzz.textLike(seeds), Arbitraries.strings().all().ofMaxLength(200));
    }

    @Property
    void everyRequestIsAnsweredAndRemoved(@ForAll("requests") String body) throws Exception {
        Path dir = state.resolve(Control.DIR);
        RequestId id = RequestId.next();
        Path req = dir.resolve(id.requestFile());
        Files.write(req, body.getBytes(StandardCharsets.UTF_8));
        answers.clear();
        Fuzz.bounded(body, () -> {
            poller.poll();
            return null;
        });
        Path ack = dir.resolve(id.ackFile());
        assertFalse(Files.exists(req), "request not removed");
        assertTrue(Files.exists(ack), "no answer for " + Fuzz.quote(body));
        String answer = Files.readString(ack);
        assertFalse(answer.isBlank(), "empty answer");
        assertTrue(answers.size() <= 1);
        Files.delete(ack);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "files left in the control dir");
        }
    }
}
