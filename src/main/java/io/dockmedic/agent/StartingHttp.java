package io.dockmedic.agent;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The HTTP server being built and started on a thread of its own while the agent's main thread builds the
 * metrics, the playbooks and the pipeline (issue 18: Jetty's start, about 700 classes, no longer waits behind
 * them on the way to ready). Until the agent is started its routes answer 503 ({@link HttpEndpoint.NotReady})
 * and /healthz says "starting".
 */
final class StartingHttp {
    @FunctionalInterface
    interface Start {
        HttpEndpoint start() throws IOException;
    }

    private final CompletableFuture<HttpEndpoint> http = new CompletableFuture<>();

    StartingHttp(Start start) {
        Thread t = new Thread(() -> {
            try {
                http.complete(start.start());
            } catch (IOException | RuntimeException | Error e) { // an OutOfMemoryError too: await() reports it
                http.completeExceptionally(e);
            }
        }, "dockmedic-http-start");
        t.setDaemon(true);
        t.start();
    }

    /** The started server; throws what starting it threw (a port in use, a TLS file that cannot be used). */
    HttpEndpoint await() throws IOException {
        try {
            return http.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** After a failed start of the rest: waits for the server and stops it (what starting it threw is dropped). */
    void abandon() {
        try {
            await().close();
        } catch (IOException | RuntimeException e) {
            // it did not start: nothing to stop
        }
    }
}
