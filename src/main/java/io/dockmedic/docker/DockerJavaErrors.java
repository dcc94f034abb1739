package io.dockmedic.docker;

import java.io.Closeable;
import java.io.IOException;

/** docker-java's failures as short messages, and closing its streams and clients without a second failure. */
final class DockerJavaErrors {
    private DockerJavaErrors() {
    }

    /** The message of the innermost cause (docker-java wraps the transport's), stripped. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.strip();
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing a dead stream
        }
    }
}
