package io.dockmedic.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Sends one request and tells the status (a fake in unit tests, {@link HttpTransport} for real). */
interface Transport {
    Response send(Request request) throws IOException, InterruptedException;

    /** The status and, on 429 or 503, how long the service asked us to wait ({@code Retry-After}). */
    record Response(int status, Optional<Duration> retryAfter) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** Worth another try: rate limited or a server error. */
        boolean retryable() {
            return status == 429 || status >= 500;
        }
    }
}
