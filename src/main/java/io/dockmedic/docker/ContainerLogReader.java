package io.dockmedic.docker;

import static io.dockmedic.docker.DockerJavaErrors.closeQuietly;
import static io.dockmedic.docker.DockerJavaErrors.describe;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.dockmedic.text.LogText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The last lines of a container's logs: stdout and stderr demultiplexed, each split into clean lines
 * ({@link LogText.LineSplitter}), blank lines left out, the stream bounded by {@link #LOG_TIMEOUT_SECONDS}.
 */
final class ContainerLogReader {
    static final long LOG_TIMEOUT_SECONDS = 20;

    private final DockerClient api;
    private final String host;

    ContainerLogReader(DockerClient api, String host) {
        this.api = api;
        this.host = host;
    }

    /** @return at most {@code tail} lines; none for a container that is gone */
    List<String> read(String id, long sinceEpochSeconds, int tail) throws EngineException {
        Deque<String> lines = new ArrayDeque<>();
        Map<StreamType, LogText.LineSplitter> splitters = new HashMap<>();
        Consumer<String> sink = line -> {
            if (!line.isBlank()) {
                lines.addLast(line);
                if (lines.size() > tail) {
                    lines.removeFirst();
                }
            }
        };
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                byte[] payload = frame.getPayload();
                if (payload == null) {
                    return;
                }
                synchronized (splitters) {
                    splitters.computeIfAbsent(frame.getStreamType(),
                            t -> new LogText.LineSplitter(LogText.DEFAULT_MAX_LINE_CHARS, sink))
                            .accept(payload, 0, payload.length);
                }
            }
        };
        try {
            var cmd = api.logContainerCmd(id).withStdOut(true).withStdErr(true).withTimestamps(false).withTail(tail);
            if (sinceEpochSeconds > 0) {
                cmd = cmd.withSince((int) sinceEpochSeconds);
            }
            cmd.exec(callback);
            if (!callback.awaitCompletion(LOG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                closeQuietly(callback);
                throw new EngineException("reading logs of " + id + " timed out after " + LOG_TIMEOUT_SECONDS + "s");
            }
        } catch (NotFoundException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(callback);
            throw new EngineException("interrupted while reading logs of " + id, e);
        } catch (RuntimeException e) {
            throw new EngineException("cannot read logs of " + id + " at " + host + ": " + describe(e), e);
        }
        synchronized (splitters) {
            splitters.values().forEach(LogText.LineSplitter::finish);
            return new ArrayList<>(lines);
        }
    }
}
