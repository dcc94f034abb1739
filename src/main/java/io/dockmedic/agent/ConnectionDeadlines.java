package io.dockmedic.agent;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The deadlines Jetty has no setting for (its idle timeout only fires after a silence, so a client that
 * trickles a byte now and then could hold a connection for hours):
 * <ul>
 * <li><b>header</b>: once a request's first byte has arrived, its header block must be complete within
 *     {@code header}; also a stalled half request that sends nothing more;</li>
 * <li><b>TLS handshake</b>: done within {@code header} of the connection being accepted;</li>
 * <li><b>whole request</b>: from its first byte to its response fully written within {@code request}
 *     (this also bounds writing to a client that reads slowly).</li>
 * </ul>
 * Written by hand because neither Jetty nor another library offers it for Jetty 12's core server. A check
 * per connection every {@code tick} on Jetty's single scheduler thread, reading only Jetty's thread-safe
 * counters (requests, responses, bytes in); a connection that misses a deadline is closed.
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
                    expire(connection, "TLS handshake not done");
                }
            }, headerNanos, TimeUnit.NANOSECONDS);
        } else {
            new Watch(connection).schedule();
        }
    }

    private void expire(Connection connection, String why) {
        log.debug("closing {} from {}: {}", connection, connection.getEndPoint().getRemoteSocketAddress(), why);
        connection.getEndPoint().close();
    }

    /** The state of one HTTP connection, touched only on the scheduler's thread. */
    private final class Watch implements Runnable {
        private final Connection connection;
        private long responses;
        /** Bytes in when the connection was last seen between requests. */
        private long idleBytes;
        /** When a request was first seen in progress (first bytes, or headers in and not answered); -1 for none. */
        private long busySince = -1;

        Watch(Connection connection) {
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
            long now = System.nanoTime();
            long in = connection.getMessagesIn();
            long out = connection.getMessagesOut();
            long bytes = connection.getBytesIn();
            if (out > responses) { // answered since the last look: progress, start over
                responses = out;
                idleBytes = bytes;
                busySince = -1;
            } else if (in > out || bytes > idleBytes) { // being answered, or its header is arriving
                if (busySince < 0) {
                    busySince = now;
                }
                if (in == out && now - busySince > headerNanos) {
                    expire(connection, "request header not complete in time");
                    return;
                }
                if (now - busySince > requestNanos) {
                    expire(connection, "request not answered in time");
                    return;
                }
            } else { // between requests, silent: the idle timeout's job
                busySince = -1;
            }
            schedule();
        }
    }
}
