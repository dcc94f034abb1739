package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.diagnosis.CorpusLines;
import io.dockmedic.evidence.Evidence;
import io.dockmedic.text.LogText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14: "prefixes must not hide a match". Every failure line of the development corpus that the
 * rules classify right on its own is wrapped the way each log shipper or engine prints it (a program's
 * line reaches dockmedic through any of them), and must be classified the same. Before the syslog,
 * {@code short-iso}, {@code kubectl --prefix}, {@code docker service logs} and logcli forms were
 * unwrapped, 14 to 18 lines per form lost their diagnosis (anchored patterns: {@code ^Caused by:},
 * {@code unknown flag: --platform}), and a JSON logger's line lost the patterns that end with {@code $}.
 */
class ShipperPrefixesTest {
    private static final Path DEV = Path.of("src/test/resources/corpus/real-lines.jsonl");
    private static RuleSet rules;
    private static Map<String, String> rightAlone;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleLoader.builtin();
        rightAlone = new LinkedHashMap<>();
        for (CorpusLines.Line l : CorpusLines.read(DEV)) {
            String got = category(l.line());
            if (!l.accept().isEmpty() && l.accept().contains(got)) {
                rightAlone.put(l.line(), got);
            }
        }
        assertTrue(rightAlone.size() > 900, "the corpus has its failure lines: " + rightAlone.size());
    }

    private static String category(String line) {
        List<RuleMatch> m = rules.classify(Evidence.ofLog("x", List.of(LogText.clean(line, LogText.DEFAULT_MAX_LINE_CHARS))));
        return m.isEmpty() ? "nothing" : m.get(0).rule().category().id();
    }

    private static String json(String s) {
        try {
            return new ObjectMapper().writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, UnaryOperator<String>> shippers() {
        Map<String, UnaryOperator<String>> w = new LinkedHashMap<>();
        w.put("docker logs -t", l -> "2026-12-07T01:02:03.123456789Z " + l);
        w.put("podman k8s-file", l -> "2026-12-07T01:02:03.123456789+00:00 stderr F " + l);
        w.put("CRI (kubelet, containerd)", l -> "2026-12-07T01:02:03.123456789Z stderr F " + l);
        w.put("compose v2", l -> "app-1  | " + l);
        w.put("compose v1", l -> "app_1    | " + l);
        w.put("compose logs -t", l -> "app-1  | 2026-12-07T01:02:03.123456789Z " + l);
        w.put("docker service logs", l -> "stack_app.1.x1y2z3abcd@node1    | " + l);
        w.put("journalctl", l -> "Dec 07 01:02:03 host app[123]: " + l);
        w.put("syslog, a day below 10", l -> "Dec  7 01:02:03 host app[123]: " + l);
        w.put("journalctl -o short-iso", l -> "2026-12-07T01:02:03+0000 host app[123]: " + l);
        w.put("journalctl -o short-precise", l -> "Dec 07 01:02:03.123456 host app[123]: " + l);
        w.put("syslog RFC 5424", l -> "<27>1 2026-12-07T01:02:03.123Z host app 123 - - " + l);
        w.put("syslog RFC 3164 with priority", l -> "<27>Dec  7 01:02:03 host app[123]: " + l);
        w.put("docker json-file", l -> "{\"log\":" + json(l + "\n") + ",\"stream\":\"stderr\",\"time\":\"2026-12-07T01:02:03.123456789Z\"}");
        w.put("kubectl logs --prefix", l -> "[pod/app-7d9c5b-x2x/app] " + l);
        w.put("logcli (Loki)", l -> "2026-12-07T01:02:03Z {container=\"app\", job=\"docker\"} " + l);
        return w;
    }

    static List<String> shipperNames() {
        return new ArrayList<>(shippers().keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipperNames")
    void aShippersPrefixHidesNoMatch(String shipper) {
        UnaryOperator<String> wrap = shippers().get(shipper);
        List<String> lost = new ArrayList<>();
        rightAlone.forEach((line, category) -> {
            String got = category(wrap.apply(line));
            if (!got.equals(category)) {
                lost.add(category + " -> " + got + ": " + wrap.apply(line));
            }
        });
        assertEquals(List.of(), lost, lost.size() + " of " + rightAlone.size() + " lines classified differently behind " + shipper);
    }
}
