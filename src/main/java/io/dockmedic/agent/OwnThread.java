package io.dockmedic.agent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A piece of the agent's start built on a named daemon thread of its own while the main thread goes on (issue 18:
 * the engine client in {@link PendingEngine}, the HTTP server in {@link Agent#start}); {@link #await} hands back
 * the result or rethrows what the work threw.
 *
 * @param <T> what the work builds
 * @param <X> the checked exception the work may throw
 */
final class OwnThread<T, X extends Exception> {
    @FunctionalInterface
    interface Work<T, X extends Exception> {
        T run() throws X;
    }

    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final Class<X> checked;

    OwnThread(String name, Class<X> checked, Work<T, X> work) {
        this.checked = checked;
        Thread t = new Thread(() -> {
            try {
                result.complete(work.run());
            } catch (Exception | Error e) { // an OutOfMemoryError too: await() reports it
                result.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** Runs {@code then} with the result once the work has built it (never if it failed); does not wait. */
    void whenBuilt(java.util.function.Consumer<T> then) {
        result.thenAccept(then);
    }

    /** Waits for the work; returns what it built or throws what it threw. */
    T await() throws X {
        try {
            return result.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (checked.isInstance(cause)) {
                throw checked.cast(cause);
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
}
