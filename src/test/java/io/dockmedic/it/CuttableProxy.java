package io.dockmedic.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP listener on loopback (or a unix socket) that forwards to the engine's unix socket, and can
 * cut every connection and refuse new ones for a while: a real dropped event stream, engine
 * untouched. It can also freeze: connections stay open (new ones are accepted) but nothing is
 * forwarded until {@link #thaw()}: a hung engine, as a client sees it. And it can stall one request: the first
 * request whose bytes hold a given text is held for a while before it is forwarded, everything else flows (an
 * engine that is slow on one call while its event stream goes on).
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocketChannel server;
    private final UnixDomainSocketAddress target;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile boolean frozen;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicReference<String> stallText =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile long stallMillis;
    private final java.util.concurrent.atomic.AtomicInteger stalled = new java.util.concurrent.atomic.AtomicInteger();
    private final java.nio.file.Path listenPath;

    CuttableProxy(String unixSocketPath) throws IOException {
        this(unixSocketPath, null);
    }

    /** @param listenPath a unix socket path to listen on instead of loopback TCP, or null */
    CuttableProxy(String unixSocketPath, java.nio.file.Path listenPath) throws IOException {
        this.target = UnixDomainSocketAddress.of(unixSocketPath);
        this.listenPath = listenPath;
        if (listenPath == null) {
            this.server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
        } else {
            this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(listenPath));
        }
        Thread t = new Thread(this::acceptLoop, "test-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    /** In front of the test engine, listening on a unix socket in a new temporary directory named from {@code prefix}. */
    static CuttableProxy onUnixSocket(TestDocker docker, String prefix) throws IOException {
        return new CuttableProxy(docker.host().replaceFirst("^unix://", ""),
                java.nio.file.Files.createTempDirectory(prefix).resolve("engine.sock"));
    }

    String host() throws IOException {
        if (listenPath != null) {
            return "unix://" + listenPath;
        }
        return "tcp://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Keeps every connection open and accepts new ones, but forwards nothing until {@link #thaw()}. */
    void freeze() {
        frozen = true;
    }

    void thaw() {
        frozen = false;
    }

    /** Holds the next request whose bytes contain {@code text} for {@code d} before forwarding it; once. */
    void stallOnce(String text, java.time.Duration d) {
        stallMillis = d.toMillis();
        stallText.set(text);
    }

    /** How many requests were stalled. */
    int stalled() {
        return stalled.get();
    }

    private void maybeStall(ByteBuffer request) throws InterruptedException {
        String text = stallText.get();
        if (text != null && new String(request.array(), 0, request.limit(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains(text) && stallText.compareAndSet(text, null)) {
            stalled.incrementAndGet();
            Thread.sleep(stallMillis);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                if (down) {
                    client.close();
                    continue;
                }
                SocketChannel upstream = SocketChannel.open(StandardProtocolFamily.UNIX);
                upstream.connect(target);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to, boolean requests) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buf) >= 0) {
                    while (frozen && !closed) {
                        Thread.sleep(20);
                    }
                    buf.flip();
                    if (requests) {
                        maybeStall(buf);
                    }
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                    buf.clear();
                }
            } catch (IOException ignored) {
                // cut
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "test-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Cuts every open connection and refuses new ones until {@link #restore()}. */
    void cut() {
        down = true;
        for (SocketChannel c : open) {
            closeQuietly(c);
        }
        open.clear();
    }

    void restore() {
        down = false;
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        frozen = false;
        cut();
        try {
            server.close();
            if (listenPath != null) {
                java.nio.file.Files.deleteIfExists(listenPath);
            }
        } catch (IOException ignored) {
            // closing
        }
    }
}
