package io.dockmedic.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.text.PlantedSecrets.Planted;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code diagnose --log} redacts only the lines it keeps: {@link Redactor.Session#deferred} on
 * every line, then {@link Redactor#redact} on a kept one, must give what redacting every line in
 * order gives, for any line of the log, private key blocks across lines included.
 */
class RedactorDeferredTest {

    @Provide
    Arbitrary<List<String>> logs() {
        // planted secrets of every format and a PEM block, shuffled with more PEM edges and noise
        Arbitrary<String> extra = Arbitraries.of(
                "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----",
                "-----END CERTIFICATE-----", "key follows -----BEGIN EC PRIVATE KEY----- MHcCAQEEIB", "plain line",
                "", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC", "abc=", "x -----END EC PRIVATE KEY----- y");
        return PlantedSecrets.planted().flatMap(p -> extra.list().ofMaxSize(12).flatMap(more -> {
            List<String> all = new ArrayList<>(p.lines());
            all.addAll(more);
            return Arbitraries.shuffle(all);
        }));
    }

    @Property(tries = 200)
    void keptLinesAreRedactedAsIfEveryLineWas(@ForAll("logs") List<String> log) {
        Redactor r = Redactor.generic();
        Redactor.Session everyLine = r.session();
        Redactor.Session deferred = r.session();
        for (String line : log) {
            assertEquals(everyLine.redact(line), r.redact(deferred.deferred(line)), line);
        }
    }

    @Property(tries = 50)
    void redactingTwiceChangesNothing(@ForAll("logs") List<String> log) {
        Redactor r = Redactor.generic();
        for (String once : r.redactAll(log)) {
            assertEquals(once, r.redact(once));
        }
    }

    @Property(tries = 20)
    void noPlantedSecretSurvivesTheKeptLines(@ForAll("planted") Planted p) {
        Redactor r = Redactor.generic();
        Redactor.Session s = r.session();
        StringBuilder kept = new StringBuilder();
        for (String line : p.lines()) {
            kept.append(r.redact(s.deferred(line))).append('\n');
        }
        List<String> left = PlantedSecrets.survivors(p, kept.toString(), false);
        assertTrue(left.isEmpty(), () -> left.size() + " planted secrets survived");
    }

    @Provide
    Arbitrary<Planted> planted() {
        return PlantedSecrets.planted();
    }
}
