package io.dockmedic.evidence;

import java.time.Duration;
import java.time.Instant;

/**
 * One health-probe result as kept in a container's probe history: already redacted and capped.
 *
 * @param start    when the probe started (engine time)
 * @param duration how long it ran, or null when the engine did not say
 * @param exitCode the probe's exit code (0 passed, 1 failed, -1 timed out or could not run in Docker's terms), or null
 * @param output   its output, redacted, cleaned of control characters, at most {@link ProbeHistory#OUTPUT_CHARS}
 */
public record ProbeResult(Instant start, Duration duration, Integer exitCode, String output) {

    public ProbeResult {
        output = output == null ? "" : output;
    }

    public boolean passed() {
        return exitCode != null && exitCode == 0;
    }
}
