package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.journal.Journal;
import io.dockmedic.journal.StateFile;
import io.dockmedic.remediation.Envelope;
import io.dockmedic.remediation.Remediator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar SIGKILLed in the middle of a playbook (restart done, waiting for healthy) and
 * started again: the attempt is still counted, back-off still holds, nothing is restarted twice.
 */
class RemediationCrashIT {
    @TempDir
    Path tmp;

    private Process agent(Map<String, String> env, String log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", CliProcessIT.JAR.toString(), "run");
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCKMEDIC_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile());
        return pb.start();
    }

    private static List<ObjectNode> await(Path state, Duration timeout, String what, Predicate<List<ObjectNode>> done)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<ObjectNode> j = Journal.read(state);
            if (done.test(j)) {
                return j;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + ": " + Journal.read(state));
    }

    private static boolean is(ObjectNode r, String type, String service) {
        return type.equals(r.path("type").asText()) && (service == null || service.equals(r.path("service").asText()));
    }

    @Test
    void sigkillMidPlaybookKeepsBudgetAndNeverRestartsTwice() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path playbooks = Files.createDirectories(tmp.resolve("playbooks"));
        Files.writeString(playbooks.resolve("slow.yml"), """
                playbooks:
                  - name: slowcheck
                    steps:
                      - do: restart
                        timeout: 1s
                      - do: wait-healthy
                        timeout: 2m
                """);
        Map<String, String> env = new HashMap<>();
        env.put("DOCKER_HOST", TestDocker.engineHost());
        env.put("DOCKMEDIC_HTTP_LISTEN", "127.0.0.1:0");
        env.put("DOCKMEDIC_RULES_DIRS", "");
        env.put("DOCKMEDIC_STATE_DIR", state.toString());
        env.put("DOCKMEDIC_REMEDIATION_MODE", "enforce");
        env.put("DOCKMEDIC_REMEDIATION_PLAYBOOK_DIRS", playbooks.toString());
        env.put("DOCKMEDIC_REMEDIATION_GRACE_PERIOD", "300ms");
        env.put("DOCKMEDIC_REMEDIATION_BACKOFF_INITIAL", "10m");
        env.put("DOCKMEDIC_REMEDIATION_BACKOFF_MAX", "10m");
        List<Process> started = new ArrayList<>();
        try (TestDocker docker = new TestDocker()) {
            Process first = agent(env, "agent1.log");
            started.add(first);
            String id = docker.start(new TestDocker.Spec(docker.name("crash")).countBoots()
                    .compose(docker.name("crashproj"), "crash")
                    .label("dockmedic.remediate", "true").label("dockmedic.playbook", "slowcheck")
                    .lines(List.of("panic: runtime error: invalid memory address or nil pointer dereference")));
            await(state, Duration.ofSeconds(90), "the playbook to start", j -> j.stream().anyMatch(r -> is(r, "action", "crash")));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (docker.restarts(id) < 1) {
                assertTrue(System.nanoTime() < deadline, "the container was not restarted");
                Thread.sleep(200);
            }
            first.destroyForcibly();
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, first.exitValue(), "SIGKILL");

            started.add(agent(env, "agent2.log"));
            List<ObjectNode> j = await(state, Duration.ofSeconds(90), "the restarted agent's decision", all -> {
                int second = -1;
                for (int i = 0; i < all.size(); i++) {
                    if (is(all.get(i), "agent-start", null)) {
                        second = i;
                    }
                }
                return all.stream().filter(r -> is(r, "agent-start", null)).count() == 2
                        && all.subList(second, all.size()).stream().anyMatch(r -> is(r, "decision", "crash"));
            });
            ObjectNode decision = j.stream().filter(r -> is(r, "decision", "crash")).reduce((a, b) -> b).orElseThrow();
            assertEquals("blocked", decision.path("outcome").asText(), decision.toString());
            assertEquals("back-off after attempt 1", decision.path("reason").asText());
            assertEquals(1, docker.restarts(id), "restarted once, by the first agent only");
            Envelope.State s = new StateFile<>(state.resolve(Remediator.STATE_FILE), Envelope.State.class).load().orElseThrow();
            assertEquals(1, s.services().stream().filter(v -> v.service().equals("crash")).findFirst().orElseThrow().attempts().size());
        } finally {
            for (Process p : started) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
