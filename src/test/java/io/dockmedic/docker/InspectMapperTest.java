package io.dockmedic.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.state.Health;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's inspect answer (JSON as the engine sends it) to {@link ContainerInfo}. */
class InspectMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ContainerInfo info(String json) throws Exception {
        return InspectMapper.toInfo(JSON.readTree(json.replace('\'', '"')));
    }

    @Test
    void aContainerWithAHealthcheckAndItsProbes() throws Exception {
        ContainerInfo c = info("{'Id':'abc','Name':'/app','RestartCount':2,"
                + "'Config':{'Image':'busybox','Labels':{'k':'v'},'Env':['A=1','B=x=y','BARE','']},"
                + "'HostConfig':{'NetworkMode':'none'},"
                + "'State':{'Status':'running','Running':true,'ExitCode':0,'OOMKilled':false,"
                + "'StartedAt':'2026-01-02T03:04:05.123456789Z','FinishedAt':'0001-01-01T00:00:00Z',"
                + "'Health':{'Status':'unhealthy','Log':[{'Start':'2026-01-02T03:04:06Z','End':'2026-01-02T03:04:07Z',"
                + "'ExitCode':1,'Output':'probe: not healthy'}]}}}");
        assertEquals("app", c.name());
        assertEquals("busybox", c.image());
        assertEquals(Map.of("k", "v"), c.labels());
        assertEquals(Map.of("A", "1", "B", "x=y", "BARE", ""), c.env());
        assertTrue(c.running());
        assertEquals(Health.UNHEALTHY, c.healthStatus());
        assertTrue(c.hasHealthcheck());
        assertEquals(1, c.probes().size());
        assertEquals("probe: not healthy", c.probes().get(0).output());
        assertEquals(Instant.parse("2026-01-02T03:04:05.123456789Z"), c.startedAt());
        assertNull(c.finishedAt(), "Go's zero time is no time");
        assertEquals(2, c.restartCount());
    }

    @Test
    void aContainerWithoutHealthcheckHasNoHealth() throws Exception {
        ContainerInfo c = info("{'Id':'abc','Name':'/job','State':{'Status':'exited','Running':false,'ExitCode':3,"
                + "'OOMKilled':true,'FinishedAt':'not a time'}}");
        assertEquals(Health.NONE, c.healthStatus());
        assertFalse(c.hasHealthcheck());
        assertEquals(3, c.exitCode());
        assertTrue(c.oomKilled());
        assertNull(c.finishedAt());
        assertEquals("", c.image());
    }

    @Test
    void engineTimeIsSecondsDotNanoseconds() {
        assertEquals("1500000000.000000123", EngineEventStream.engineTime(1_500_000_000_000_000_123L));
        assertEquals("1.000000000", EngineEventStream.engineTime(1_000_000_000L));
    }
}
