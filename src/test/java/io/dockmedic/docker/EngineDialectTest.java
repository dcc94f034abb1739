package io.dockmedic.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.state.Health;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Podman's container events as the watcher must see them: Docker-shaped. Shapes observed on podman 4.3. */
class EngineDialectTest {
    private static final String ID = "88351f1d4552";

    private static EngineEvent podman(String action, String exitCode) {
        return new EngineEvent(ID, action, Map.of("name", "web", "image", "localhost/bb:1", "containerExitCode", exitCode), 1_000L);
    }

    @Test
    void podmanIsToldByItsVersionComponents() {
        assertEquals(EngineDialect.PODMAN, EngineDialect.of(List.of("Podman Engine", "Conmon")));
        assertEquals(EngineDialect.DOCKER, EngineDialect.of(List.of("Engine", "containerd", "runc")));
        assertEquals(EngineDialect.DOCKER, EngineDialect.of(List.of()));
    }

    @Test
    void removeIsDestroy() {
        List<EngineEvent> out = EngineDialect.PODMAN.normalise(podman("remove", "0"));
        assertEquals(List.of("destroy"), out.stream().map(EngineEvent::action).toList());
        assertTrue(EngineDialect.PODMAN.watchedActions().contains("remove"));
        assertTrue(EngineDialect.PODMAN.watchedActions().contains("died"), "Podman filters a die as died");
    }

    @Test
    void aCrashIsADieWithItsExitCode() {
        List<EngineEvent> out = EngineDialect.PODMAN.normalise(podman("die", "3"));
        assertEquals(1, out.size());
        assertEquals("die", out.get(0).action());
        assertEquals(3, out.get(0).exitCode());
    }

    /** docker stop on Podman gives die (and cleanup), never kill: the SIGTERM exit stands for the kill. */
    @Test
    void aStopIsAKillThenADie() {
        List<EngineEvent> out = EngineDialect.PODMAN.normalise(podman("die", "143"));
        assertEquals(List.of("kill", "die"), out.stream().map(EngineEvent::action).toList());
        assertTrue(out.get(0).timeNanos() < out.get(1).timeNanos());
        assertEquals(143, out.get(1).exitCode());
    }

    /** A stopped process that ignores SIGTERM (a shell as PID 1) is killed after the stop timeout: 137. */
    @Test
    void aStopEndedBySigkillIsAKillThenADieToo() {
        List<EngineEvent> out = EngineDialect.PODMAN.normalise(podman("die", "137"));
        assertEquals(List.of("kill", "die"), out.stream().map(EngineEvent::action).toList());
    }

    @Test
    void aBareHealthStatusSaysItNamesNoStatus() {
        List<EngineEvent> out = EngineDialect.PODMAN.normalise(podman("health_status", "0"));
        assertEquals("health_status", out.get(0).kind());
        assertFalse(out.get(0).healthReported());
        assertTrue(new EngineEvent(ID, "health_status: unhealthy", Map.of(), 1L).healthReported());
        assertEquals(Health.UNHEALTHY, new EngineEvent(ID, "health_status: unhealthy", Map.of(), 1L).healthStatus());
    }

    @Test
    void podmanCannotReplayBetweenTwoTimesDockerCan() {
        assertFalse(EngineDialect.PODMAN.finiteReplay());
        assertTrue(EngineDialect.DOCKER.finiteReplay());
    }

    @Test
    void dockerEventsPassUnchanged() {
        EngineEvent e = new EngineEvent(ID, "die", Map.of("exitCode", "143"), 5L);
        assertEquals(List.of(e), EngineDialect.DOCKER.normalise(e));
        assertEquals(Engine.WATCHED_ACTIONS, EngineDialect.DOCKER.watchedActions());
    }
}
