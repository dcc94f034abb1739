package io.dockmedic.doctor;

import io.dockmedic.rules.Severity;
import io.dockmedic.rules.Text;
import java.util.Comparator;

/**
 * One problem the doctor found, with where it is. Message and remedy name variables, services,
 * files and lines, never a secret value.
 *
 * @param id       stable id, e.g. {@code postgres-password-mismatch}
 * @param severity critical and warning gate a deploy (exit 4); info does not
 * @param file     the file it is in, as given on the command line
 * @param line     1-based line, 0 when the finding is about the whole file
 */
public record Finding(String id, Severity severity, String file, int line, Text message, Text remedy) {

    /** Most severe first, then by file and line. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::file).thenComparingInt(Finding::line).thenComparing(Finding::id);

    /** True for findings that make the doctor exit with 4. */
    public boolean problem() {
        return severity != Severity.INFO;
    }

    /** file:line, or the file alone. */
    public String where() {
        return line > 0 ? file + ":" + line : file;
    }
}
