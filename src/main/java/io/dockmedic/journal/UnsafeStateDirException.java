package io.dockmedic.journal;

import java.io.IOException;

/** The state directory (or a directory in it) cannot be trusted: writable by others, a link, owned by someone else. */
public final class UnsafeStateDirException extends IOException {
    public UnsafeStateDirException(String message) {
        super(message);
    }
}
