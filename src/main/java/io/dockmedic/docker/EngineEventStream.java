package io.dockmedic.docker;

import static io.dockmedic.docker.DockerJavaErrors.closeQuietly;
import static io.dockmedic.docker.EngineRequests.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's container events ({@code GET /events}, on the HTTP client without a response timeout: the stream
 * stays open), read as JSON trees on one thread per subscription, as {@link EngineEvent}s in the engine's
 * {@link EngineDialect} made Docker-shaped. The sink hears of the stream's end once, by its error or its
 * completion, and not after it was closed from our side. Read here rather than through docker-java's events
 * command, which binds each event to its model classes (Jackson's bean deserializers: ~350 classes for the agent).
 */
final class EngineEventStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerHttpClient stream;
    private final String host;

    EngineEventStream(DockerHttpClient stream, String host) {
        this.stream = stream;
        this.host = host;
    }

    /** The request is sent on the new thread too (as docker-java did): a hung engine never blocks the caller. */
    Engine.Subscription subscribe(EngineDialect shape, long sinceNanos, long untilNanos, Engine.EventSink sink) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path(path(shape, sinceNanos, untilNanos)).build();
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<DockerHttpClient.Response> open = new AtomicReference<>();
        Thread reader = new Thread(() -> read(request, shape, sink, closed, open), "dockmedic-events");
        reader.setDaemon(true);
        reader.start();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                DockerHttpClient.Response r = open.get();
                if (r != null) {
                    closeQuietly(r); // unblocks the reader
                }
                reader.interrupt(); // a request still being sent: its NIO channel closes
            }
        };
    }

    private void read(DockerHttpClient.Request request, EngineDialect shape, Engine.EventSink sink, AtomicBoolean closed,
                      AtomicReference<DockerHttpClient.Response> open) {
        Throwable error = null;
        try (DockerHttpClient.Response response = stream.execute(request)) {
            open.set(response);
            if (closed.get()) {
                return;
            }
            if (response.getStatusCode() >= 300) {
                throw new EngineException("cannot subscribe to engine events at " + host + ": HTTP "
                        + response.getStatusCode() + " " + EngineMessage.of(response.getBody()));
            }
            MappingIterator<JsonNode> events = JSON.readerFor(JsonNode.class).readValues(response.getBody());
            while (events.hasNextValue()) {
                JsonNode e = events.nextValue();
                if (!text(e, "id").isEmpty()) {
                    shape.normalise(toEvent(e)).forEach(sink::onEvent);
                }
            }
        } catch (IOException | EngineException | RuntimeException e) {
            error = e;
        }
        if (closed.compareAndSet(false, true)) {
            sink.onClose(error);
        }
    }

    static String path(EngineDialect shape, long sinceNanos, long untilNanos) {
        StringBuilder filters = new StringBuilder("{\"type\":[\"container\"],\"event\":[");
        String sep = "";
        for (String action : shape.watchedActions()) {
            filters.append(sep).append('"').append(action).append('"');
            sep = ",";
        }
        filters.append("]}");
        return "/events?" + (sinceNanos > 0 ? "since=" + engineTime(sinceNanos) + "&" : "")
                + (untilNanos > 0 ? "until=" + engineTime(untilNanos) + "&" : "")
                + "filters=" + URLEncoder.encode(filters.toString(), StandardCharsets.UTF_8);
    }

    /** One event of the stream: {@code Action} (older engines: {@code status}), the actor's attributes, the time. */
    static EngineEvent toEvent(JsonNode e) {
        Map<String, String> attrs = new HashMap<>();
        e.path("Actor").path("Attributes").fields().forEachRemaining(a -> attrs.put(a.getKey(), a.getValue().asText()));
        String action = text(e, "Action").isEmpty() ? text(e, "status") : text(e, "Action");
        long nanos = e.path("timeNano").isNumber() ? e.get("timeNano").asLong()
                : e.path("time").isNumber() ? TimeUnit.SECONDS.toNanos(e.get("time").asLong())
                : System.currentTimeMillis() * 1_000_000L;
        return new EngineEvent(text(e, "id"), action, attrs, nanos);
    }

    /** The engine's since/until format: seconds.nanoseconds. */
    static String engineTime(long epochNanos) {
        long secs = epochNanos / 1_000_000_000L;
        long nanos = epochNanos % 1_000_000_000L;
        return secs + "." + String.format(java.util.Locale.ROOT, "%09d", nanos);
    }
}
