package io.dockmedic.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dockmedic.state.Health;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Swarm stack's task containers map like a compose project: project = namespace, service = short name. */
class OrchestratorTest {
    static final Map<String, String> SWARM = Map.of(
            "com.docker.stack.namespace", "shop",
            "com.docker.swarm.service.name", "shop_api",
            "com.docker.swarm.task.id", "k3v9x0abc",
            "com.docker.swarm.task.name", "shop_api.1.k3v9x0abc");
    static final Map<String, String> COMPOSE = Map.of(
            "com.docker.compose.project", "shop", "com.docker.compose.service", "api");

    static ContainerInfo container(String name, Map<String, String> labels) {
        return new ContainerInfo("id1", name, "img", labels, Map.of(), true, false, "running", Health.UNHEALTHY,
                List.of(), null, false, 0, null, null);
    }

    @Test
    void whichOrchestratorRunsAContainer() {
        assertEquals(Orchestrator.SWARM, Orchestrator.of(SWARM));
        assertEquals(Orchestrator.COMPOSE, Orchestrator.of(COMPOSE));
        assertEquals(Orchestrator.NONE, Orchestrator.of(Map.of()));
        // a service created without a stack (docker service create) is still Swarm's: project empty
        assertEquals(Orchestrator.SWARM, Orchestrator.of(Map.of("com.docker.swarm.service.name", "web")));
    }

    @Test
    void aStackMapsLikeAComposeProject() {
        ContainerInfo task = container("shop_api.1.k3v9x0abc", SWARM);
        assertEquals("shop", task.project());
        assertEquals("api", task.service());
        assertEquals(Orchestrator.SWARM, task.orchestrator());
        ContainerInfo composed = container("shop-api-1", COMPOSE);
        assertEquals("shop", composed.project());
        assertEquals("api", composed.service());
    }

    @Test
    void aServiceWithoutAStackKeepsItsName() {
        ContainerInfo task = container("web.1.abc", Map.of("com.docker.swarm.service.name", "web"));
        assertEquals("", task.project());
        assertEquals("web", task.service());
    }

    @Test
    void aServiceNameWithoutTheNamespacePrefixIsKeptWhole() {
        ContainerInfo task = container("x", Map.of("com.docker.stack.namespace", "shop",
                "com.docker.swarm.service.name", "other"));
        assertEquals("other", task.service());
    }

    @Test
    void theMemberOfAListCallMapsTheSameWay() {
        Engine.Member m = new Engine.Member("id1", "shop_api.1.k3v9x0abc", "", "img", "running", null, SWARM);
        assertEquals("shop", m.project());
    }

    @Test
    void aTaskIsNamedByItsSlotNotItsTaskId() {
        assertEquals("shop_api.1", container("shop_api.1.k3v9x0abc", SWARM).stableName());
        assertEquals("shop-api-1", container("shop-api-1", COMPOSE).stableName());
    }
}
