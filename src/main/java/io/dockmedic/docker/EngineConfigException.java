package io.dockmedic.docker;

/**
 * The engine cannot be reached as configured (for example a TLS file that holds no certificate). The
 * message names the setting and the file, never what the file holds.
 */
public final class EngineConfigException extends IllegalArgumentException {
    public EngineConfigException(String message) {
        super(message);
    }
}
