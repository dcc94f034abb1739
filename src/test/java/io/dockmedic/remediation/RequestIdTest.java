package io.dockmedic.remediation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestIdTest {
    /** Requests made one after another in the same millisecond are applied in the order they were made. */
    @Test
    void idsMadeInARowSortInTheOrderTheyWereMade() {
        RequestId previous = RequestId.next();
        for (int i = 0; i < 2_000; i++) {
            RequestId id = RequestId.next();
            assertTrue(id.compareTo(previous) > 0, previous.value() + " then " + id.value());
            previous = id;
        }
    }
}
