package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.docker.Engine;
import io.dockmedic.watch.ContainerRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The failing Swarm services remembered: bounded by removal and by a hard cap (services are outside input). */
class SwarmTasksTest {
    private static Map<String, String> labels(String service, String taskId) {
        return Map.of("com.docker.stack.namespace", "shop", "com.docker.swarm.service.name", "shop_" + service,
                "com.docker.swarm.task.id", taskId);
    }

    private static ContainerRef task(String service, String taskId) {
        return new ContainerRef("cid-" + taskId, "shop_" + service + ".1." + taskId, "shop", service, labels(service, taskId));
    }

    @Test
    void atTheCapTheOldestFailingServiceIsForgotten() {
        SwarmTasks tasks = new SwarmTasks(2);
        tasks.failing(task("a", "a1"));
        tasks.failing(task("b", "b1"));
        tasks.failing(task("a", "a2")); // a failed again: now the newest
        tasks.failing(task("c", "c1"));
        assertEquals(2, tasks.size());
        assertFalse(tasks.failing(task("b", "b2")), "b was forgotten: its next failure is a new one, no replacement");
        assertTrue(tasks.failing(task("c", "c2")), "c is remembered: its new task is a replacement");
    }

    @Test
    void aServiceWithoutTaskContainersIsGone() {
        SwarmTasks tasks = new SwarmTasks();
        tasks.failing(task("a", "a1"));
        tasks.failing(task("b", "b1"));
        Engine.Member b2 = new Engine.Member("cid-b2", "shop_b.1.b2", "b", "img", "running", null, labels("b", "b2"));
        assertEquals(Set.of("swarm:shop/a"), tasks.gone(List.of(b2)));
    }

    @Test
    void containersOutsideSwarmAreNeverRemembered() {
        SwarmTasks tasks = new SwarmTasks();
        ContainerRef plain = new ContainerRef("cid", "web", "p", "web", Map.of("com.docker.compose.project", "p"));
        assertFalse(tasks.failing(plain));
        assertTrue(tasks.holds(plain));
        assertEquals(0, tasks.size());
    }
}
