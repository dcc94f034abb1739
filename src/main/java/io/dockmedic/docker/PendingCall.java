package io.dockmedic.docker;

/**
 * An engine call already sent, whose answer is awaited later: the caller does other work meanwhile (a diagnosis
 * reads a container's logs while it reads the container's compose stack). {@link #await} waits within the call's
 * deadline, counted from when it was started; a call never awaited is {@link #cancel}led.
 */
public interface PendingCall<T> {
    /** The answer, or the call's failure (also a deadline passed, or an engine too busy to take the call). */
    T await() throws EngineException;

    /** Gives the call up (interrupting it if it runs); {@link #await} then fails. */
    void cancel();

    /** A call already answered (an engine that runs calls on the caller's thread). */
    static <T> PendingCall<T> done(T value) {
        return new PendingCall<>() {
            @Override
            public T await() {
                return value;
            }

            @Override
            public void cancel() {
                // nothing runs
            }
        };
    }

    /** A call that already failed. */
    static <T> PendingCall<T> failed(EngineException e) {
        return new PendingCall<>() {
            @Override
            public T await() throws EngineException {
                throw e;
            }

            @Override
            public void cancel() {
                // nothing runs
            }
        };
    }
}
