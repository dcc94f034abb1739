package io.dockmedic.docker;

/** The engine could not be reached or gave an answer dockmedic cannot use; {@link #reason()} tells which. */
public class EngineException extends Exception {

    /** Why an engine call failed. */
    public enum Reason {
        /** Refused, reset, an error status or an answer that cannot be used. */
        FAILED,
        /** No answer within the call's deadline: the engine (or the path to it) hangs. */
        TIMEOUT,
        /** Too many earlier calls are still waiting for the engine: not even sent. */
        OVERLOADED
    }

    private final Reason reason;

    public EngineException(String message, Throwable cause) {
        this(Reason.FAILED, message, cause);
    }

    public EngineException(String message) {
        this(Reason.FAILED, message, null);
    }

    public EngineException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** True when the engine did not answer in time or could not even be asked (hung, not refusing). */
    public boolean unresponsive() {
        return reason == Reason.TIMEOUT || reason == Reason.OVERLOADED;
    }
}
