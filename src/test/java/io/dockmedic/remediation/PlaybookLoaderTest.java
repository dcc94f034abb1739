package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.state.Health;
import io.dockmedic.yaml.Problem;
import io.dockmedic.yaml.ProblemsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict playbook loading (all problems, file:line:col), built-ins, and how a playbook is chosen. */
class PlaybookLoaderTest {
    @TempDir
    Path dir;

    @Test
    void builtInsLoadAndUserFilesReplaceByName() throws Exception {
        Files.writeString(dir.resolve("mine.yml"), """
                playbooks:
                  - name: restart
                    steps:
                      - do: exec
                        command: [kill, -HUP, "1"]
                        timeout: 5s
                      - do: wait-healthy
                        timeout: 20s
                """);
        Map<String, Playbook> all = PlaybookLoader.load(List.of(dir, dir.resolve("missing")));
        assertTrue(all.keySet().containsAll(List.of("restart", "restart-with-dependents", "notify-only")), all.keySet().toString());
        Playbook p = all.get("restart");
        assertEquals(List.of("kill", "-HUP", "1"), p.steps().get(0).command());
        assertEquals(Duration.ofSeconds(20), p.steps().get(1).timeout());
        assertFalse(all.get("notify-only").acts());
    }

    @Test
    void everyProblemAtOnceWithPosition() {
        ProblemsException e = assertThrows(ProblemsException.class, () -> PlaybookLoader.parse("p.yml", """
                playbooks:
                  - name: Bad Name
                    steps:
                      - do: restart
                  - name: two
                    steps:
                      - do: reboot
                      - do: exec
                        timeout: soon
                      - do: webhook
                        url: ftp://x
                        service: db
                  - name: three
                    colour: red
                """));
        assertEquals(List.of(
                "p.yml:2:11: name: \"Bad Name\" must be lower-case letters, digits, '.', '_' or '-'",
                "p.yml:4:7: playbook Bad Name.steps: must have a wait-healthy step after its last restart or exec, so that it checks its own effect",
                "p.yml:7:13: playbook two.steps[].do: \"reboot\" is not one of: restart, restart-dependents, wait-healthy, exec, webhook, stop, notify-only",
                "p.yml:8:9: playbook two.steps[exec].command: is required",
                "p.yml:9:18: playbook two.steps[exec].timeout: \"soon\" is not a duration like 500ms, 30s, 5m or 1h",
                "p.yml:11:14: playbook two.steps[webhook].url: is not an http:// or https:// URL",
                "p.yml:12:18: playbook two.steps[webhook].service: is not a key of a webhook step (known: do, url)",
                "p.yml:13:5: playbook three.steps: is required",
                "p.yml:14:5: playbooks[].colour: is not a known key (known: name, description, steps)"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void playbookChoice() {
        Diagnosis plain = Diagnosis.unclassified(List.of());
        Diagnosis destroying = new Diagnosis("postgres-auth-failed", plain.category(), plain.severity(), plain.title(),
                plain.cause(), plain.remedy(), 0.9, List.of(), null, Playbook.NOTIFY_ONLY);
        assertEquals("restart", DecisionPolicy.playbookName(plain, Map.of()));
        assertEquals("mine", DecisionPolicy.playbookName(plain, Map.of("dockmedic.playbook", "mine")));
        assertEquals("notify-only", DecisionPolicy.playbookName(destroying, Map.of("dockmedic.playbook", "restart")),
                "a rule whose remedy could destroy data only advises, whatever the label says");
    }

    @Test
    void composeDependsOnLabel() {
        ContainerInfo web = new ContainerInfo("id", "web", "img", Map.of("com.docker.compose.depends_on",
                "db:service_healthy:false,redis:service_started:true"), Map.of(), true, false, "running", Health.HEALTHY,
                List.of(), null, false, 0, null, null);
        assertTrue(PlaybookRunner.dependsOn(web, "db"));
        assertTrue(PlaybookRunner.dependsOn(web, "redis"));
        assertFalse(PlaybookRunner.dependsOn(web, "d"));
        assertFalse(PlaybookRunner.dependsOn(web, ""));
    }
}
