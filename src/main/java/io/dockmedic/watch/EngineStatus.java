package io.dockmedic.watch;

/** What the watcher knows about the engine, for {@code /healthz}. */
public enum EngineStatus {
    /** Not connected yet (the agent is starting). */
    CONNECTING("connecting"),
    /** The event stream is open and the engine answers its liveness pings. */
    UP("up"),
    /** The engine does not answer within the deadline (hung, or the path to it is): we are blind. */
    UNRESPONSIVE("unresponsive"),
    /** The engine refuses or fails (not running, socket gone, error answers). */
    UNREACHABLE("unreachable");

    private final String id;

    EngineStatus(String id) {
        this.id = id;
    }

    /** The word /healthz shows. */
    public String id() {
        return id;
    }
}
