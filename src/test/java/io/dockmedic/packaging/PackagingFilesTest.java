package io.dockmedic.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.config.Config;
import io.dockmedic.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped JVM flags have one source (packaging/jvm.options) that the launcher, the image, the unit
 * and the scripts all use, so they cannot drift; the shipped default config is valid and its
 * commented-out values are the real defaults. The packages themselves are tested by PackagingIT.
 */
class PackagingFilesTest {
    private static final Path OPTIONS = Path.of("packaging/jvm.options");
    private static final Pattern ARENAS = Pattern.compile("MALLOC_ARENA_MAX=\"\\$\\{MALLOC_ARENA_MAX:-(\\d+)}\"");

    @TempDir
    Path tmp;

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    private static List<String> shippedFlags() throws IOException {
        return Files.readAllLines(OPTIONS).stream().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
                .flatMap(l -> Arrays.stream(l.split("\\s+"))).toList();
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not end: " + List.of(cmd));
        assertEquals(0, p.exitValue(), List.of(cmd) + ": " + out);
        return out;
    }

    private static String arenas(String text, String file) {
        Matcher m = ARENAS.matcher(text);
        assertTrue(m.find(), file + " sets MALLOC_ARENA_MAX");
        return m.group(1);
    }

    @Test
    void everyWayOfRunningUsesTheOneFlagsFile() throws Exception {
        List<String> flags = shippedFlags();
        assertTrue(flags.contains("-XX:+UseSerialGC"), flags.toString());
        // this JVM accepts them
        run(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + OPTIONS, "-version");

        String launcher = read("packaging/dockmedic");
        assertTrue(launcher.contains("\"@$home/jvm.options\""), "the launcher reads jvm.options as an @argfile");
        String dockerfile = read("packaging/Dockerfile");
        assertTrue(dockerfile.contains("packaging/jvm.options"), "the image ships jvm.options");
        assertTrue(dockerfile.contains("ENTRYPOINT [\"/usr/bin/dockmedic\"]"), "the image runs the launcher");
        assertTrue(dockerfile.contains("COPY packaging/dockmedic /usr/bin/dockmedic"));
        String unit = read("systemd/dockmedic.service");
        assertTrue(unit.contains("\nExecStart=/usr/bin/dockmedic run "), "the unit runs the launcher");
        assertTrue(read("pom.xml").contains("<includes>jvm.options,dockmedic.classlist</includes>"), "the deb ships jvm.options");
        for (String[] f : new String[][] {{"Dockerfile", dockerfile}, {"unit", unit}}) {
            String directives = f[1].replaceAll("(?m)^\\s*#.*$", "");
            assertFalse(Pattern.compile("\\s-X[a-zA-Z:]").matcher(directives).find(), f[0] + " sets no JVM flag of its own");
            assertFalse(directives.contains("JAVA_TOOL_OPTIONS") || directives.contains("DOCKMEDIC_JAVA_OPTS="), f[0] + " adds no flags");
        }

        // the scripts (run.sh, demo, benchmarks) get the same flags from common.sh
        String fromScripts = run("bash", "-c", ". scripts/lib/common.sh; DM_CDS_ARCHIVE=/nonexistent; "
                + "unset DOCKMEDIC_JAVA_OPTS; dm_jvm_flags; echo \"$MALLOC_ARENA_MAX\"");
        List<String> lines = fromScripts.lines().toList();
        assertEquals(flags, Arrays.asList(lines.get(0).trim().split("\\s+")));
        assertEquals(arenas(launcher, "the launcher"), lines.get(1).trim(), "MALLOC_ARENA_MAX: launcher = scripts");
        assertEquals(arenas(read("scripts/lib/common.sh"), "common.sh"), arenas(launcher, "the launcher"));
    }

    /**
     * -XX:+ExitOnOutOfMemoryError (exit 3 on an OutOfMemoryError) is for the daemon only: 3 is also
     * diagnose's "nothing matched". So is the 4x compile threshold: it keeps the daemon's startup code
     * interpreted, and would leave a CLI command's rule loading interpreted too. The launcher and the
     * scripts add the "#run:" lines of jvm.options for "run" and for nothing else (a java that prints its
     * arguments stands in for the JVM).
     */
    @Test
    void exitOnOutOfMemoryIsForTheDaemonOnly() throws Exception {
        String exit = "-XX:+ExitOnOutOfMemoryError";
        String threshold = "-XX:CompileThresholdScaling=4";
        assertFalse(shippedFlags().contains(exit), "not a flag of every command");
        assertFalse(shippedFlags().stream().anyMatch(f -> f.startsWith("-XX:CompileThresholdScaling")),
                "not a flag of every command");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.copy(OPTIONS, home.resolve("jvm.options"));
        Path bin = Files.createDirectories(tmp.resolve("jdk/bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        assertTrue(java.toFile().setExecutable(true));
        for (String command : List.of("run", "diagnose", "rules", "version")) {
            ProcessBuilder pb = new ProcessBuilder("sh", "packaging/dockmedic", command).redirectErrorStream(true);
            pb.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
            pb.environment().put("DOCKMEDIC_HOME", home.toString());
            pb.environment().remove("DOCKMEDIC_JAVA_OPTS");
            Process p = pb.start();
            List<String> args = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals("@" + home.resolve("jvm.options"), args.get(0), args.toString());
            assertEquals(command.equals("run"), args.contains(exit), command + ": " + args);
            assertEquals(command.equals("run"), args.contains(threshold), command + ": " + args);
            assertEquals(command, args.get(args.size() - 1), args.toString());
        }
        String scripts = run("bash", "-c", ". scripts/lib/common.sh; DM_CDS_ARCHIVE=/nonexistent; unset DOCKMEDIC_JAVA_OPTS; "
                + "dm_jvm_flags run; dm_jvm_flags");
        List<String> lines = scripts.lines().toList();
        assertTrue(Arrays.asList(lines.get(0).trim().split("\\s+")).contains(exit), lines.get(0));
        assertFalse(Arrays.asList(lines.get(1).trim().split("\\s+")).contains(exit), lines.get(1));
        assertTrue(Arrays.asList(lines.get(0).trim().split("\\s+")).contains(threshold), lines.get(0));
        assertFalse(Arrays.asList(lines.get(1).trim().split("\\s+")).contains(threshold), lines.get(1));
        assertTrue(read("scripts/run.sh").contains("$DM_JVM_FLAGS"), "run.sh runs the agent with the daemon's flags");
    }

    @Test
    void shippedConfigIsValidAndItsCommentedValuesAreTheDefaults() throws Exception {
        Path shipped = Path.of("packaging/deb/etc/dockmedic.yml");
        Config cfg = ConfigLoader.load(shipped, Map.of());
        assertEquals(new Config.Http("127.0.0.1", 9464), cfg.http(), "loopback under systemd (contract)");

        // uncomment every "# key: value" line: still valid, and nothing but http differs from the defaults
        String uncommented = Files.readString(shipped).replaceAll("(?m)^(\\s*)# ([a-z_]+: \\S+)$", "$1$2");
        assertTrue(uncommented.lines().filter(l -> l.matches("\\s*[a-z_]+: \\S+")).count() >= 12, uncommented);
        Path all = Files.writeString(tmp.resolve("all.yml"), uncommented);
        Config d = Config.defaults();
        Config expected = new Config(d.docker(), cfg.http(), d.evidence(), d.rules(), d.remediation(), d.watch(), d.stateDir());
        assertEquals(expected, ConfigLoader.load(all, Map.of()));
    }

    @Test
    void unitHasTheRequiredHardeningAndLifecycle() throws IOException {
        List<String> unit = Files.readAllLines(Path.of("systemd/dockmedic.service"));
        for (String line : List.of("User=dockmedic", "SupplementaryGroups=docker", "StateDirectory=dockmedic",
                "ConfigurationDirectory=dockmedic", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
                "PrivateTmp=yes", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "SystemCallFilter=@system-service",
                "Restart=on-failure", "ExecReload=/bin/kill -HUP $MAINPID")) {
            assertTrue(unit.contains(line), "unit has " + line);
        }
        for (String prefix : List.of("MemoryMax=", "MemoryHigh=", "TasksMax=", "StartLimitBurst=", "StartLimitIntervalSec=")) {
            assertTrue(unit.stream().anyMatch(l -> l.startsWith(prefix)), "unit sets " + prefix);
        }
    }
}
