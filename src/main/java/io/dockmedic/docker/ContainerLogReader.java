package io.dockmedic.docker;

import static io.dockmedic.docker.DockerJavaErrors.describe;

import com.github.dockerjava.transport.DockerHttpClient;
import io.dockmedic.text.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a container's logs: stdout and stderr demultiplexed ({@link LogFrames}), each split into
 * clean lines, blank lines left out. One request on docker-java's HTTP client, read on the calling thread
 * (docker-java's log command would start a thread per read); the caller's deadline ({@link CallDeadline})
 * bounds it, and its interrupt closes the socket.
 */
final class ContainerLogReader {
    /** A log read may take this long on a busy engine, plus the call timeout. */
    static final long LOG_TIMEOUT_SECONDS = 20;

    private final DockerHttpClient http;
    private final String host;

    ContainerLogReader(DockerHttpClient http, String host) {
        this.http = http;
        this.host = host;
    }

    /** @return at most {@code tail} lines; none for a container that is gone */
    List<String> read(String id, long sinceEpochSeconds, int tail) throws EngineException {
        Deque<String> lines = new ArrayDeque<>();
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(path(id, sinceEpochSeconds, tail))
                .build();
        try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
            if (response.getStatusCode() == 404) {
                return List.of();
            }
            if (response.getStatusCode() >= 300) {
                throw new EngineException("cannot read logs of " + id + " at " + host + ": HTTP "
                        + response.getStatusCode() + " " + EngineMessage.of(body));
            }
            LogFrames.read(body, LogText.DEFAULT_MAX_LINE_CHARS, line -> {
                if (!line.isBlank()) {
                    lines.addLast(line);
                    if (lines.size() > tail) {
                        lines.removeFirst();
                    }
                }
            });
        } catch (ClosedByInterruptException | InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while reading logs of " + id, e);
        } catch (IOException | RuntimeException e) {
            throw new EngineException("cannot read logs of " + id + " at " + host + ": " + describe(e), e);
        }
        return new ArrayList<>(lines);
    }

    /** The engine's API path without a version prefix (the engine then speaks its own), as docker-java sends it. */
    static String path(String id, long sinceEpochSeconds, int tail) {
        return "/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "/logs?stdout=1&stderr=1&timestamps=0&tail=" + tail
                + (sinceEpochSeconds > 0 ? "&since=" + sinceEpochSeconds : "");
    }
}
