package io.dockmedic.docker;

/** The engine could not be reached or gave an answer dockmedic cannot use. */
public class EngineException extends Exception {
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    public EngineException(String message) {
        super(message);
    }
}
