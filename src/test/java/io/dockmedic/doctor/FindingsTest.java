package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dockmedic.text.Redactor;
import io.dockmedic.yaml.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingsTest {
    @Test
    void theSameFindingTwiceIsKeptOnceRedactedAndMostSevereFirst() {
        Findings f = new Findings();
        Finding info = FindingTexts.finding("registry-mirror-configured", "daemon.json", 3, "mirror", "https://m", "file", "daemon.json");
        Finding missing = FindingTexts.finding("env-var-missing", "compose.yaml", 4, "var", "TOKEN", "compose", "compose.yaml",
                "envfile", "Value-Secret", "how", "", "how@zh", "");
        f.addAll(List.of(info, missing, missing));
        List<Finding> out = f.redacted(Redactor.forEnv(Map.of("TOKEN_SECRET", "Value-Secret")));
        assertEquals(List.of("env-var-missing", "registry-mirror-configured"), out.stream().map(Finding::id).toList());
        assertEquals(false, out.get(0).message().en().contains("Value-Secret"), out.get(0).message().en());
    }

    @Test
    void problemsBecomeFindingsAtTheirFileAndLine() {
        List<Finding> out = Findings.ofProblems("env-file-invalid", List.of(new Problem(".env:7:3", "A", null, "bad"), new Problem(".env", "", null, "empty")));
        assertEquals(List.of("env-file-invalid .env:7", "env-file-invalid .env:0"), CheckFixtures.places(out));
    }
}
