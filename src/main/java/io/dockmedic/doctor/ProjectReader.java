package io.dockmedic.doctor;

import io.dockmedic.compose.ComposeFile;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an env file and a compose file the way Compose does into a {@link Project}: the project
 * {@code .env} beside the compose file by default, each service's {@code env_file} entries
 * overridden by its {@code environment}. Reports what cannot be read as findings
 * ({@code env-file-invalid}, {@code compose-file-invalid}, {@code env-file-missing}) and keeps every
 * value read as a secret for the final redaction. One reader reads one project.
 */
final class ProjectReader {
    private static final Pattern PASS_THROUGH = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?}|([A-Za-z_][A-Za-z0-9_]*))");
    private static final String SHELL = "the shell environment";

    private final Map<String, String> shell;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<Path, EnvFile> envFiles = new HashMap<>();

    ProjectReader(Map<String, String> shell) {
        this.shell = Map.copyOf(shell);
    }

    /** What could not be read (parse problems, missing env files). */
    List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** Every value read, by a unique key, for {@link io.dockmedic.text.Redactor#forEnv}. */
    Map<String, String> secrets() {
        return Map.copyOf(secrets);
    }

    /**
     * Reads the project; either path may be null. With no env file given, a {@code .env} beside the
     * compose file is read, as Compose does. An invalid compose file is reported and left out (what
     * it says cannot be trusted: the env file is checked alone).
     *
     * @throws IOException when a given file cannot be read or is not UTF-8
     */
    Project read(Path envPath, Path composePath) throws IOException {
        if (envPath == null && composePath != null) {
            Path dflt = directory(composePath).resolve(".env");
            envPath = Files.isRegularFile(dflt) ? dflt : null;
        }
        EnvFile env = envPath == null ? null : envFile(envPath);
        String envName = envPath == null ? SHELL : envPath.toString();
        ComposeFile compose = null;
        if (composePath != null) {
            compose = ComposeFile.parse(composePath.toString(), read(composePath));
            findings.addAll(Findings.ofProblems("compose-file-invalid", compose.problems()));
            if (!compose.problems().isEmpty()) {
                compose = null;
            }
        }
        Project empty = new Project(shell, env, envName, compose, composePath == null ? null : directory(composePath), Map.of());
        Project project = compose == null ? empty : new Project(shell, env, envName, compose, empty.composeDir(), serviceEnv(empty));
        urlPasswords(project);
        return project;
    }

    static Path directory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": is not UTF-8 text", e);
        }
    }

    /** An env file, read once however many times it is named. */
    private EnvFile envFile(Path path) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        EnvFile f = envFiles.get(key);
        if (f == null) {
            f = EnvFile.parse(path.toString(), read(path), shell::get);
            envFiles.put(key, f);
            findings.addAll(Findings.ofProblems("env-file-invalid", f.problems()));
            for (EnvFile.Entry e : f.entries().values()) {
                if (e.value() != null) {
                    secrets.put(f.file() + "#" + e.name(), e.value());
                }
            }
        }
        return f;
    }

    /** What each service receives: its env_file entries, overridden by its environment entries. */
    private Map<String, Map<String, Var>> serviceEnv(Project p) throws IOException {
        Map<String, Map<String, Var>> out = new LinkedHashMap<>();
        for (ComposeFile.Service s : p.compose().services().values()) {
            Map<String, Var> vars = new LinkedHashMap<>();
            for (ComposeFile.EnvFileRef ref : s.envFiles()) {
                String path = p.resolveQuietly(ref.path());
                Path file = p.composeDir().resolve(path);
                if (!Files.isRegularFile(file)) {
                    if (ref.required()) {
                        findings.add(FindingTexts.finding("env-file-missing", p.compose().file(), ref.line(), "service", s.name(), "path", path));
                    }
                    continue;
                }
                EnvFile f = envFile(relative(file)); // the --env-file itself when it is the same file
                for (EnvFile.Entry e : f.entries().values()) {
                    vars.put(e.name(), new Var(e.name(), e.value(), f.file(), e.line()));
                }
            }
            for (ComposeFile.EnvDef d : s.environment()) {
                if (d.value() != null && !d.value().contains("$")) {
                    secrets.put(p.compose().file() + "#" + s.name() + "#" + d.name(), d.value());
                }
                vars.put(d.name(), d.value() == null ? p.projectVar(d.name()) : composeVar(p, d));
            }
            out.put(s.name(), vars);
        }
        return out;
    }

    /**
     * An environment entry with a value: a plain pass-through of a set project variable
     * ({@code ${NAME}}, {@code ${NAME:?err}}, ...) is attributed to where that variable is defined,
     * so one mistake in the env file is one finding however many services pass it on.
     */
    private static Var composeVar(Project p, ComposeFile.EnvDef d) {
        Matcher m = PASS_THROUGH.matcher(d.value().strip());
        if (m.matches()) {
            Var source = p.projectVar(m.group(1) != null ? m.group(1) : m.group(2));
            if (source.value() != null) {
                return new Var(d.name(), source.value(), source.file(), source.line());
            }
        }
        return new Var(d.name(), p.resolveQuietly(d.value()), p.compose().file(), d.line());
    }

    /** Passwords inside database and cache URLs, which may be put together by interpolation. */
    private void urlPasswords(Project p) {
        for (Project.Url url : p.urls()) {
            if (url.parsed() != null && url.parsed().password() != null) {
                secrets.put(url.var().where() + "#url", url.parsed().password());
            }
        }
    }

    private static Path relative(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs) : abs;
    }
}
