package io.dockmedic.agent;

import io.dockmedic.config.Config;
import io.dockmedic.docker.DockerJavaEngine;
import io.dockmedic.docker.EngineTls;

/** The one place where {@code docker.*} settings become an engine client (agent and CLI alike). */
public final class EngineFactory {
    private EngineFactory() {
    }

    /**
     * @throws io.dockmedic.docker.EngineConfigException when a TLS file cannot be used (naming the
     *     setting and path; the caller exits 2 as for any bad configuration)
     */
    public static DockerJavaEngine open(Config.Docker docker) {
        return new DockerJavaEngine(docker.host(),
                docker.tls().map(t -> new EngineTls(t.ca(), t.cert(), t.key())), DockerJavaEngine.CALL_TIMEOUT);
    }
}
