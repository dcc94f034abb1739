package io.dockmedic.docker;

import static io.dockmedic.docker.DockerJavaErrors.closeQuietly;
import static io.dockmedic.docker.DockerJavaErrors.describe;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.EventsCmd;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine's container events through docker-java's stream client (no response timeout: the stream stays open),
 * as {@link EngineEvent}s in the engine's {@link EngineDialect} made Docker-shaped. The sink hears of the stream's
 * end once, by its error or its completion, and not after it was closed from our side.
 */
final class EngineEventStream {
    private final DockerClient stream;
    private final String host;

    EngineEventStream(DockerClient stream, String host) {
        this.stream = stream;
        this.host = host;
    }

    Engine.Subscription subscribe(EngineDialect shape, long sinceNanos, long untilNanos, Engine.EventSink sink)
            throws EngineException {
        EventsCmd cmd = stream.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter(shape.watchedActions().toArray(String[]::new));
        if (sinceNanos > 0) {
            cmd = cmd.withSince(engineTime(sinceNanos));
        }
        if (untilNanos > 0) {
            cmd = cmd.withUntil(engineTime(untilNanos));
        }
        AtomicBoolean closed = new AtomicBoolean();
        ResultCallback.Adapter<Event> callback = callback(shape, sink, closed);
        try {
            cmd.exec(callback);
        } catch (RuntimeException e) {
            throw new EngineException("cannot subscribe to engine events at " + host + ": " + describe(e), e);
        }
        return () -> {
            closed.set(true);
            closeQuietly(callback);
        };
    }

    private static ResultCallback.Adapter<Event> callback(EngineDialect shape, Engine.EventSink sink, AtomicBoolean closed) {
        return new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event e) {
                if (e == null || e.getId() == null) {
                    return;
                }
                for (EngineEvent shaped : shape.normalise(toEvent(e))) {
                    sink.onEvent(shaped);
                }
            }

            @Override
            public void onError(Throwable t) {
                if (closed.compareAndSet(false, true)) {
                    sink.onClose(t);
                }
                try {
                    close();
                } catch (IOException ignored) {
                    // already failing
                }
            }

            @Override
            public void onComplete() {
                if (closed.compareAndSet(false, true)) {
                    sink.onClose(null);
                }
                try {
                    super.close();
                } catch (IOException ignored) {
                    // stream over
                }
            }
        };
    }

    private static EngineEvent toEvent(Event e) {
        Map<String, String> attrs = e.getActor() != null && e.getActor().getAttributes() != null
                ? e.getActor().getAttributes() : Map.of();
        String action = e.getAction() != null ? e.getAction() : e.getStatus();
        long nanos = e.getTimeNano() != null ? e.getTimeNano()
                : (e.getTime() != null ? TimeUnit.SECONDS.toNanos(e.getTime()) : System.currentTimeMillis() * 1_000_000L);
        return new EngineEvent(e.getId(), action == null ? "" : action, attrs, nanos);
    }

    /** The engine's since/until format: seconds.nanoseconds. */
    static String engineTime(long epochNanos) {
        long secs = epochNanos / 1_000_000_000L;
        long nanos = epochNanos % 1_000_000_000L;
        return secs + "." + String.format("%09d", nanos);
    }
}
