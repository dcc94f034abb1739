package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorCheckTest {
    @Test
    void offlineEachValidMirrorIsNotedAndEachInvalidOneReported() throws IOException {
        String file = CheckFixtures.ROOT.resolve("mirrors/daemon.json").toString();
        MirrorCheck.Result r = MirrorCheck.check(DaemonConfig.parse(file, Files.readString(CheckFixtures.ROOT.resolve("mirrors/daemon.json"))),
                false, Duration.ofSeconds(1));
        assertEquals(List.of("registry-mirror-configured daemon.json:3", "registry-mirror-invalid daemon.json:4",
                "registry-mirror-invalid daemon.json:5", "registry-mirror-configured daemon.json:6"), CheckFixtures.places(r.findings()));
        assertEquals(List.of("not probed (offline)", "not probed: invalid", "not probed: invalid", "not probed (offline)"),
                r.rows().stream().map(row -> row.get("probe")).toList());
        assertFalse(r.toString().contains("Mirror-Secret"), r.toString());
    }

    @Test
    void whatDockerdRejects() {
        assertEquals("it must start with https:// or http://", MirrorCheck.invalidMirror("ftp://m.example"));
        assertEquals("it must not have a path", MirrorCheck.invalidMirror("https://m.example/v2/"));
        assertEquals("it names no host", MirrorCheck.invalidMirror("https:///"));
        assertEquals("not a URL", MirrorCheck.invalidMirror("https://m example"));
        assertEquals(null, MirrorCheck.invalidMirror("http://m.example:5000/"));
    }
}
