package io.dockmedic.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@link Transport} over the JDK's HTTP client, every request under a deadline; redirects are not followed. */
final class HttpTransport implements Transport {
    private final Duration timeout;
    private volatile HttpClient client;

    HttpTransport(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach(b::header);
        HttpResponse<Void> r = client().send(b.build(), HttpResponse.BodyHandlers.discarding());
        return new Response(r.statusCode(), r.headers().firstValue("Retry-After").flatMap(v -> retryAfter(v, Instant.now())));
    }

    /** {@code Retry-After}: seconds, or an HTTP date (RFC 9110 section 10.2.3); anything else is ignored. */
    static Optional<Duration> retryAfter(String value, Instant now) {
        String v = value.strip();
        if (v.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
                }
                c = client;
            }
        }
        return c;
    }
}
