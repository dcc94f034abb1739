package io.dockmedic.cli;

import io.dockmedic.agent.BuildInfo;
import io.dockmedic.evidence.Printable;
import java.io.PrintStream;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: picocli dispatch only; every command lives in its own class. */
@Command(name = "dockmedic", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Diagnoses unhealthy Docker containers: watches engine events, reads logs and health probes, "
                + "matches them against cause rules, exports Prometheus metrics.",
        subcommands = {RunCommand.class, DiagnoseCommand.class, DoctorCommand.class, RulesCommand.class,
                RemediationCommand.class, VersionCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit codes of the contract. */
    public static final int OK = 0;
    public static final int FATAL = 1;
    public static final int USAGE = 2;
    public static final int NOTHING_MATCHED = 3;
    public static final int PROBLEMS_FOUND = 4;
    public static final int TEST_FAILED = 5;
    /** {@code diagnose --log}: the log cannot be read (missing, a directory, no permission, a read error). */
    public static final int INPUT_ERROR = 6;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        boolean daemon = args.length > 0 && "run".equals(args[0]);
        if (System.getProperty("dockmedic.log.level") == null) {
            System.setProperty("dockmedic.log.level", daemon ? "INFO" : "WARN");
        }
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (used by tests too). */
    public static int execute(String... args) {
        PrintStream err = System.err;
        if (!(err instanceof SafeErr)) {
            System.setErr(new SafeErr(err)); // messages name files, keys, containers: outside text
        }
        try {
            CommandLine cl = new CommandLine(new Main());
            cl.setCaseInsensitiveEnumValuesAllowed(true);
            return cl.execute(args);
        } finally {
            System.setErr(err);
        }
    }

    /** stderr for messages: control and bidi characters escaped, line breaks kept. */
    private static final class SafeErr extends PrintStream {
        SafeErr(PrintStream out) {
            super(out, true, charset());
        }

        /** The encoding the JVM gave stderr. */
        private static Charset charset() {
            String name = System.getProperty("sun.stderr.encoding");
            try {
                return name == null ? Charset.defaultCharset() : Charset.forName(name);
            } catch (RuntimeException e) {
                return Charset.defaultCharset();
            }
        }

        @Override
        public void print(String s) {
            super.print(Printable.escapeKeepingLines(s));
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo b = BuildInfo.load();
            return new String[] {"dockmedic " + b.version() + " (commit " + b.commit() + "), Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
