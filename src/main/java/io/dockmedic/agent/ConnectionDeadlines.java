package io.dockmedic.agent;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The deadlines Jetty has no setting for (its idle timeout only fires after a silence, so a client that
 * trickles a byte now and then, or reads a response a little at a time, could hold a connection for hours):
 * <ul>
 * <li><b>header</b>: once a request's first byte has arrived, its header block must be complete within
 *     {@code header} (a stalled or trickled half request), checked every {@code tick} on Jetty's scheduler
 *     thread from Jetty's thread-safe counters (requests, responses begun, bytes in);</li>
 * <li><b>TLS handshake</b>: done within {@code header} of the connection being accepted;</li>
 * <li><b>whole request</b>: from its first byte until its response is fully written within {@code request}
 *     ({@link #bound}): handling, a wait for a bcrypt check, and writing to a slow reader.</li>
 * </ul>
 * A connection that misses a deadline is closed. Written by hand because neither Jetty's core server nor
 * another library offers these for it.
 */
final class ConnectionDeadlines implements Connection.Listener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConnectionDeadlines.class);
    private final Scheduler scheduler;
    private final long headerNanos;
    private final long requestNanos;
    private final long tickMillis;

    ConnectionDeadlines(Scheduler scheduler, Duration header, Duration request, Duration tick) {
        this.scheduler = scheduler;
        this.headerNanos = header.toNanos();
        this.requestNanos = request.toNanos();
        this.tickMillis = tick.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof SslConnection ssl) {
            AtomicBoolean done = new AtomicBoolean();
            ssl.addHandshakeListener(new SslHandshakeListener() {
                @Override
                public void handshakeSucceeded(Event event) {
                    done.set(true);
                }
            });
            scheduler.schedule(() -> {
                if (!done.get() && connection.getEndPoint().isOpen()) {
                    expire(connection, "TLS handshake not done in time");
                }
            }, headerNanos, TimeUnit.NANOSECONDS);
        } else {
            new HeaderWatch(connection).schedule();
        }
    }

    /**
     * The handler's callback, bound to the whole-request deadline: unless it completes within {@code request}
     * of the request's first byte, the connection is closed (which fails the pending write).
     */
    Callback bound(Request request, Callback callback) {
        Connection connection = request.getConnectionMetaData().getConnection();
        long left = requestNanos - (System.nanoTime() - request.getBeginNanoTime());
        Scheduler.Task timer = scheduler.schedule(() -> expire(connection, "request not answered in time"),
                Math.max(left, 0), TimeUnit.NANOSECONDS);
        return new Callback() {
            @Override
            public void succeeded() {
                timer.cancel();
                callback.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                timer.cancel();
                callback.failed(x);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
    }

    private static void expire(Connection connection, String why) {
        log.debug("closing {} from {}: {}", connection, connection.getEndPoint().getRemoteSocketAddress(), why);
        connection.getEndPoint().close();
    }

    /** The header deadline of one HTTP connection; its state is touched only on the scheduler's thread. */
    private final class HeaderWatch implements Runnable {
        private final Connection connection;
        private long requests;
        private long responses;
        /** Bytes in when the connection was last seen with no request arriving. */
        private long idleBytes;
        /** When bytes of a request were first seen, before its header was complete; -1 for none. */
        private long arrivingSince = -1;

        HeaderWatch(Connection connection) {
            this.connection = connection;
        }

        void schedule() {
            scheduler.schedule(this, tickMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!connection.getEndPoint().isOpen()) {
                return;
            }
            long in = connection.getMessagesIn();
            long out = connection.getMessagesOut();
            long bytes = connection.getBytesIn();
            if (in > requests || out > responses) { // a header completed or a response began: start over
                requests = in;
                responses = out;
                idleBytes = bytes;
                arrivingSince = -1;
            } else if (bytes > idleBytes) { // bytes of a request whose header is not complete yet
                long now = System.nanoTime();
                if (arrivingSince < 0) {
                    arrivingSince = now;
                } else if (now - arrivingSince > headerNanos) {
                    expire(connection, "request header not complete in time");
                    return;
                }
            } else { // silent: the idle timeout's job
                arrivingSince = -1;
            }
            schedule();
        }
    }
}
