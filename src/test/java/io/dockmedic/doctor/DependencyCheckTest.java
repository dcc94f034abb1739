package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyCheckTest {
    @Test
    void everyKindOfWaitIsJudgedByTheHealthcheckItWaitsFor() throws IOException {
        List<Finding> found = new DependencyCheck().check(CheckFixtures.project("dependencies", null, "compose.yaml"));
        assertEquals(List.of(
                        "waited-on-without-healthcheck compose.yaml:16 critical", // db: official image, no healthcheck
                        "depends-on-without-health-condition compose.yaml:18 warning", // cache has one: wait for it
                        // worker (line 20): its Dockerfile has a HEALTHCHECK, nothing to say
                        "waited-on-without-healthcheck compose.yaml:22 critical", // tool: HEALTHCHECK NONE
                        "waited-on-without-healthcheck compose.yaml:24 warning", // proxy: its image may have one
                        "depends-on-unknown-service compose.yaml:26 critical",
                        "waited-on-without-healthcheck compose.yaml:30 warning"), // api: short syntax on a database
                found.stream().map(f -> CheckFixtures.places(List.of(f)).get(0) + " " + f.severity().id()).toList());
        assertEquals(" (its image nginx:1.27 may define a HEALTHCHECK)", found.get(3).message().en()
                .replaceFirst("(?s).*?( \\(its image [^)]*\\)).*", "$1"));
    }

    @Test
    void anEnvFileAloneHasNoDependencies() throws IOException {
        assertEquals(List.of(), new DependencyCheck().check(CheckFixtures.project("interpolation", ".env", null)));
    }
}
