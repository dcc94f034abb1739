package io.dockmedic.notify;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to a target: always a POST (every service here documents POST). The URI may hold a
 * token: {@link #toString()} shows the host only.
 */
record Request(URI uri, Map<String, String> headers, String body) {

    Request {
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    static Request json(URI uri, String body) {
        return new Request(uri, Map.of("Content-Type", "application/json"), body);
    }

    @Override
    public String toString() {
        return "Request[" + uri.getHost() + "]";
    }
}
