package io.dockmedic.cli;

import io.dockmedic.rules.Lang;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The --format and --lang options of the commands that print a report (diagnose, doctor). */
final class OutputOptions {
    enum Format { text, json }

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--lang", description = "en or zh (default: $DOCKMEDIC_LANG, else from the locale, else en).")
    String lang;

    boolean json() {
        return format == Format.json;
    }

    /** The language to print in; a --lang other than en or zh is a usage error of {@code command}. */
    Lang language(CommandLine command) {
        if (lang != null && !lang.equals("en") && !lang.equals("zh")) {
            throw new CommandLine.ParameterException(command, "--lang must be en or zh, not '" + lang + "'");
        }
        return Lang.pick(lang != null ? lang : System.getenv("DOCKMEDIC_LANG"));
    }
}
