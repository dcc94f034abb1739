package io.dockmedic.remediation;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A control request's id, {@code MILLIS-8HEX} as the CLI makes it; the only part of a file name the
 * agent ever turns back into a path ({@code req-ID.json}, {@code req-ID.ack}), so no name in the
 * control directory can lead anywhere else. Ids sort by age.
 */
public record RequestId(String value) implements Comparable<RequestId> {
    private static final Pattern FORMAT = Pattern.compile("[0-9]{13,19}-[0-9a-f]{8}");
    static final String PREFIX = "req-";
    static final String REQUEST = ".json";
    static final String ACK = ".ack";

    public RequestId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a request id (MILLIS-8HEX)");
        }
    }

    /** The millisecond part of the last id this process made. */
    private static final AtomicLong LAST = new AtomicLong();

    /**
     * A new id for a request made now. Within one process the millisecond part only grows (a request
     * made in the same millisecond as the one before takes the next millisecond), so requests sent one
     * after another are applied in that order; the random part only tells processes apart.
     */
    static RequestId next() {
        long millis = LAST.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
        return new RequestId(String.format(java.util.Locale.ROOT, "%013d", millis) + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The id of a request file name {@code req-ID.json}; empty for any other name. */
    static Optional<RequestId> ofRequestFile(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(REQUEST)) {
            return Optional.empty();
        }
        String v = name.substring(PREFIX.length(), name.length() - REQUEST.length());
        return FORMAT.matcher(v).matches() ? Optional.of(new RequestId(v)) : Optional.empty();
    }

    String requestFile() {
        return PREFIX + value + REQUEST;
    }

    String ackFile() {
        return PREFIX + value + ACK;
    }

    @Override
    public int compareTo(RequestId o) {
        int byLength = Integer.compare(value.length(), o.value.length()); // more digits: later
        return byLength != 0 ? byLength : value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
