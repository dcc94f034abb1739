package io.dockmedic.docker;

import io.dockmedic.text.LogText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a container's logs: stdout and stderr demultiplexed ({@link LogFrames}), each split into
 * clean lines, blank lines left out. One request read on the calling thread ({@link EngineRequests}: docker-java's
 * log command would start a thread per read).
 */
final class ContainerLogReader {
    /** A log read may take this long on a busy engine, plus the call timeout. */
    static final long LOG_TIMEOUT_SECONDS = 20;

    private final EngineRequests requests;

    ContainerLogReader(EngineRequests requests) {
        this.requests = requests;
    }

    /** @return at most {@code tail} lines; none for a container that is gone */
    List<String> read(String id, long sinceEpochSeconds, int tail) throws EngineException {
        Deque<String> lines = new ArrayDeque<>();
        boolean found = requests.get(path(id, sinceEpochSeconds, tail), "read logs of " + id, body -> {
            LogFrames.read(body, LogText.DEFAULT_MAX_LINE_CHARS, line -> {
                if (!line.isBlank()) {
                    lines.addLast(line);
                    if (lines.size() > tail) {
                        lines.removeFirst();
                    }
                }
            });
            return true;
        }).isPresent();
        return found ? new ArrayList<>(lines) : List.of();
    }

    static String path(String id, long sinceEpochSeconds, int tail) {
        return "/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "/logs?stdout=1&stderr=1&timestamps=0&tail=" + tail
                + (sinceEpochSeconds > 0 ? "&since=" + sinceEpochSeconds : "");
    }
}
