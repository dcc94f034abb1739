package io.dockmedic.cli;

import io.dockmedic.config.Config;
import io.dockmedic.config.ConfigException;
import io.dockmedic.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --config option shared by commands; falls back to DOCKMEDIC_CONFIG, then /etc/dockmedic/dockmedic.yml if present. */
final class ConfigOption {
    static final Path SYSTEM_CONFIG = Path.of("/etc/dockmedic/dockmedic.yml");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: $DOCKMEDIC_CONFIG, else /etc/dockmedic/dockmedic.yml if it exists, else built-in defaults).")
    Path file;

    Path resolve() {
        if (file != null) {
            return file;
        }
        String env = System.getenv("DOCKMEDIC_CONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Files.isRegularFile(SYSTEM_CONFIG) ? SYSTEM_CONFIG : null;
    }

    Config load() throws ConfigException {
        return ConfigLoader.load(resolve(), System.getenv());
    }

    /** The configuration, or null after printing every problem to stderr (the caller exits 2). */
    Config loadOrReport() {
        try {
            return load();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return null;
        }
    }
}
