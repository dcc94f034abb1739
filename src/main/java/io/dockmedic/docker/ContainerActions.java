package io.dockmedic.docker;

import static io.dockmedic.docker.DockerJavaErrors.closeQuietly;
import static io.dockmedic.docker.DockerJavaErrors.describe;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Frame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What remediation does to a container: restart, stop, run a command in it. */
final class ContainerActions {
    private final Supplier<DockerClient> client;

    /** @param client docker-java's command client, asked for at each action (it is built on first use) */
    ContainerActions(Supplier<DockerClient> client) {
        this.client = client;
    }

    void restart(String id, int stopTimeoutSeconds) throws EngineException {
        try {
            client.get().restartContainerCmd(id).withTimeout(stopTimeoutSeconds).exec();
        } catch (RuntimeException e) {
            throw new EngineException("cannot restart " + id + ": " + describe(e), e);
        }
    }

    void stop(String id, int stopTimeoutSeconds) throws EngineException {
        try {
            client.get().stopContainerCmd(id).withTimeout(stopTimeoutSeconds).exec();
        } catch (NotModifiedException e) {
            // already stopped
        } catch (RuntimeException e) {
            throw new EngineException("cannot stop " + id + ": " + describe(e), e);
        }
    }

    /** @return the command's exit code, -1 when the engine states none */
    int exec(String id, List<String> command, Duration timeout) throws EngineException {
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>();
        try {
            DockerClient api = client.get();
            String exec = api.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            api.execStartCmd(exec).exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                closeQuietly(callback);
                throw new EngineException("command in " + id + " did not end within " + timeout.toMillis() + " ms");
            }
            Long code = api.inspectExecCmd(exec).exec().getExitCodeLong();
            return code == null ? -1 : code.intValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(callback);
            throw new EngineException("interrupted while running a command in " + id, e);
        } catch (RuntimeException e) {
            throw new EngineException("cannot run a command in " + id + ": " + describe(e), e);
        }
    }
}
