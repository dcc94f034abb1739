package io.dockmedic.it;

import static io.dockmedic.it.AgentHarness.atLeast;

import java.time.Duration;
import java.util.Map;

/**
 * What most integration tests start with: the test containers' engine ({@link TestDocker}) and the
 * agent in-process watching it ({@link AgentHarness}), its event stream up. Compose project names
 * come from {@link #project}, unique per run, so two runs (or two tests) on one engine never see
 * each other's containers. Closing stops the agent first, then removes the containers.
 */
final class AgentWithContainers implements AutoCloseable {
    final TestDocker docker;
    final AgentHarness agent;

    /** How the agent reaches the engine of the test containers. */
    @FunctionalInterface
    interface EngineVia {
        String host(TestDocker docker) throws Exception;
    }

    private AgentWithContainers(TestDocker docker, AgentHarness agent) {
        this.docker = docker;
        this.agent = agent;
    }

    /** The agent with its default test configuration, on the engine directly. */
    static AgentWithContainers start() throws Exception {
        return start(Map.of(), TestDocker::host);
    }

    /** The agent with these configuration keys, on the engine directly. */
    static AgentWithContainers start(Map<String, String> config) throws Exception {
        return start(config, TestDocker::host);
    }

    /**
     * The agent with these configuration keys, reaching the engine at {@code engineVia} (e.g. a
     * {@link CuttableProxy} in front of {@link TestDocker#host}).
     */
    static AgentWithContainers start(Map<String, String> config, EngineVia engineVia) throws Exception {
        TestDocker docker = new TestDocker();
        AgentHarness agent = null;
        try {
            agent = new AgentHarness(engineVia.host(docker), config);
            agent.await(Duration.ofSeconds(10), "event stream up", atLeast(1, "dockmedic_event_stream_up"));
            return new AgentWithContainers(docker, agent);
        } catch (Exception | Error e) {
            if (agent != null) {
                agent.close();
            }
            docker.close();
            throw e;
        }
    }

    /** A compose project name of this run: {@code base} made unique (lowercase, as Compose requires). */
    String project(String base) {
        return docker.name(base);
    }

    @Override
    public void close() {
        try {
            agent.close();
        } finally {
            docker.close();
        }
    }
}
