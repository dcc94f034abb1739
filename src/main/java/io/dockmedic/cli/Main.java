package io.dockmedic.cli;

import io.dockmedic.agent.Agent;
import io.dockmedic.agent.BuildInfo;
import io.dockmedic.text.Printable;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Entry point: picocli dispatch only; every command lives in its own class. This command's model and {@code run}'s are
 * made in code ({@link #spec}, {@link RunCommand#spec}): picocli reads annotations by reflection, generating a proxy
 * class for each annotation type, which was ~90 ms of the daemon's way to ready (issue 18). The other commands keep
 * their annotations: they are not on that way.
 */
public final class Main implements Runnable {
    private static final String DESCRIPTION = "Diagnoses unhealthy Docker containers: watches engine events, reads logs "
            + "and health probes, matches them against cause rules, exports Prometheus metrics.";
    /**
     * The commands after {@code run} (whose model is made in code), in the order the usage lists them. Only the one a
     * command line names is built: picocli builds each command's model by reflection. Any other first argument (none,
     * an option, {@code help}, a typo) gets them all, so the usage, {@code help COMMAND} and the suggestions for a
     * mistyped name are as before.
     */
    static final List<Class<?>> COMMANDS = List.of(DiagnoseCommand.class, DoctorCommand.class,
            RulesCommand.class, RemediationCommand.class, VersionCommand.class, CommandLine.HelpCommand.class);
    /** Exit codes of the contract. */
    public static final int OK = 0;
    public static final int FATAL = 1;
    public static final int USAGE = 2;
    public static final int NOTHING_MATCHED = 3;
    public static final int PROBLEMS_FOUND = 4;
    public static final int TEST_FAILED = 5;
    /** {@code diagnose --log}: the log cannot be read (missing, a directory, no permission, a read error). */
    public static final int INPUT_ERROR = 6;

    private CommandSpec spec;

    /** The top command's model: its name, description, version and the standard help options. */
    static CommandSpec spec() {
        Main main = new Main();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(main).name("dockmedic").versionProvider(new Version());
        spec.usageMessage().description(DESCRIPTION);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                .description("Print version information and exit.").build());
        main.spec = spec;
        return spec;
    }

    public static void main(String[] args) {
        boolean daemon = args.length > 0 && "run".equals(args[0]);
        if (System.getProperty("dockmedic.log.level") == null) {
            System.setProperty("dockmedic.log.level", daemon ? "INFO" : "WARN");
        }
        // logback sets itself up (~40 ms at start) on a second core while picocli reads the command line; a logger
        // asked for meanwhile is SLF4J's stand-in, which hands what it was given to logback once that is ready. The
        // daemon's start-up work that needs no configuration follows on that core, once logging is set up: begun
        // before, a library logging from a class initialiser made SLF4J warn on stderr that it replayed the call
        Thread logSetup = new Thread(() -> {
            LoggerFactory.getILoggerFactory();
            if (daemon) {
                Agent.prepareStart();
            }
        }, "dockmedic-log-setup");
        logSetup.setDaemon(true);
        logSetup.start();
        int code;
        try {
            code = execute(args);
        } catch (Throwable t) { // NOPMD: the last place anything can be reported
            code = fatal(t);
        }
        System.exit(code);
    }

    /**
     * Any error a command did not handle, OutOfMemoryError included: one line and exit 1. The JVM
     * flag -XX:+ExitOnOutOfMemoryError (exit code 3, which is diagnose's "nothing matched") is given
     * to the daemon only (packaging/jvm.options, "#run:" lines).
     */
    static int fatal(Throwable t) {
        String what = t instanceof OutOfMemoryError
                ? "out of memory (" + t.getMessage() + "); the heap is set by -Xmx in DOCKMEDIC_JAVA_OPTS"
                : "internal error: " + t;
        System.err.println("dockmedic: " + Printable.escape(what.replace('\n', ' ')));
        System.err.flush();
        return FATAL;
    }

    /** Runs a command line and returns its exit code (used by tests too). */
    public static int execute(String... args) {
        PrintStream err = System.err;
        if (!(err instanceof SafeErr)) {
            System.setErr(new SafeErr(err)); // messages name files, keys, containers: outside text
        }
        try {
            CommandLine cl = withCommandsFor(args);
            cl.setCaseInsensitiveEnumValuesAllowed(true);
            // picocli's own messages (unknown option, bad value) go through the same escaping, and
            // never echo what the user typed as a value: it may be a mistyped secret
            cl.setErr(new PrintWriter(new EscapingWriter(System.err), true));
            cl.setParameterExceptionHandler(Main::badParameters);
            cl.setExecutionExceptionHandler((ex, cmd, parsed) -> fatal(ex));
            return cl.execute(args);
        } finally {
            System.setErr(err);
        }
    }

    /**
     * The command line with the commands {@code args} may run: the one it names, or all of them ({@code run}, then
     * {@link #COMMANDS}). For {@code run} no command class's annotations are read.
     */
    static CommandLine withCommandsFor(String... args) {
        // subcommands are added before execute's settings: picocli gives those to the subcommands there are
        CommandLine cl = new CommandLine(spec());
        String first = args.length > 0 ? args[0] : "";
        if (RunCommand.NAME.equals(first)) {
            return cl.addSubcommand(RunCommand.NAME, new CommandLine(RunCommand.spec()));
        }
        boolean named = !"help".equals(first) && COMMANDS.stream().anyMatch(c -> nameOf(c).equals(first));
        if (!named) {
            cl.addSubcommand(RunCommand.NAME, new CommandLine(RunCommand.spec()));
        }
        for (Class<?> c : COMMANDS) {
            if (!named || nameOf(c).equals(first)) {
                cl.addSubcommand(c);
            }
        }
        return cl;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /**
     * picocli's usage errors without the values the user typed: an unknown option is shown by its
     * name only (the part before '='), other unmatched arguments are counted, and a bad value is
     * replaced by "(value not shown)". Then picocli's suggestions or the usage, as picocli does.
     */
    private static int badParameters(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(withoutValues(ex));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            cmd.usage(err);
        }
        err.flush();
        return USAGE;
    }

    static String withoutValues(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> names = u.getUnmatched().stream().filter(a -> a.startsWith("-"))
                    .map(a -> "'" + (a.indexOf('=') > 0 ? a.substring(0, a.indexOf('=')) + "=..." : a) + "'").distinct().toList();
            long others = u.getUnmatched().stream().filter(a -> !a.startsWith("-")).count();
            String more = others + " unmatched argument" + (others > 1 ? "s" : "") + " (not shown)";
            if (names.isEmpty()) {
                return "Unknown input: " + more;
            }
            return "Unknown option" + (names.size() > 1 ? "s" : "") + ": " + String.join(", ", names)
                    + (others > 0 ? " and " + more : "");
        }
        String msg = String.valueOf(ex.getMessage());
        String value = ex.getValue();
        if (value != null && !value.isEmpty()) {
            // picocli quotes the values it echoes; an unquoted copy is hidden too unless it is so short
            // that replacing it would garble the message (and it is no secret)
            msg = msg.replace("'" + value + "'", "(value not shown)");
            if (value.length() >= 4) {
                msg = msg.replace(value, "(value not shown)");
            }
        }
        return msg;
    }

    /** A Writer onto a (escaping) PrintStream's {@code print(String)}, for picocli's PrintWriter. */
    private static final class EscapingWriter extends Writer {
        private final PrintStream out;

        EscapingWriter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            out.print(new String(cbuf, off, len));
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
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
