package io.dockmedic.evidence;

import java.time.Instant;

/**
 * One exit of a container's main process, as inspect tells it after a {@code die}.
 *
 * @param finishedAt when it exited (identifies the exit)
 * @param code       its exit code
 * @param oomKilled  the engine's OOMKilled flag for this exit
 */
public record Exit(Instant finishedAt, int code, boolean oomKilled) {

    /** What ended the run, with the contract's spelling. */
    public enum Kind {
        /** The kernel killed it for memory (OOMKilled): a cgroup limit, or the host short of memory. */
        OOM_KILLED("oom-killed"),
        /** SIGKILL (137) without OOMKilled: killed by someone or something else (a kill, a stop timeout, a supervisor). */
        KILLED("killed"),
        /** Another signal (exit code 129-255 other than 137). */
        SIGNAL("signal"),
        /** The process exited with an error code (1-128). */
        ERROR("error"),
        /** It exited 0 (a restart policy of always restarts it anyway). */
        CLEAN("clean");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public Kind kind() {
        if (oomKilled) {
            return Kind.OOM_KILLED;
        }
        if (code == 137) {
            return Kind.KILLED;
        }
        if (code > 128) {
            return Kind.SIGNAL;
        }
        return code == 0 ? Kind.CLEAN : Kind.ERROR;
    }
}
