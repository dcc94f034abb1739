package io.dockmedic.diagnosis;

import com.google.re2j.Pattern;

/**
 * Whether a structured log record states its own level below error: a JSON object whose level field
 * ({@code "s"} of MongoDB, {@code "level"}, {@code "severity"}, {@code "lvl"}, {@code "log.level"}) says
 * info, warning, notice, debug or trace. The statistical fallback abstains on such a line: the program that
 * wrote it says it is not failing, and a guess from its words ("Permission denied" inside MongoDB's start-up
 * warning about NUMA) is the only thing that could say otherwise. Rules still read the line, so a warning a
 * rule knows ("connection refused, retrying") is diagnosed as before. RE2/J: linear in the line.
 */
final class StatedLevel {
    private static final Pattern BELOW_ERROR = Pattern.compile(
            "^\\s*\\{[^\\n]*\"(?:s|level|severity|lvl|log\\.level)\"\\s*:\\s*\"(?i:i|w|d[1-5]?|info|information|informational"
                    + "|notice|debug|trace|warn|warning)\"");

    private StatedLevel() {
    }

    static boolean belowError(String line) {
        return BELOW_ERROR.matcher(line).find();
    }
}
