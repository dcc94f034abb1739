package io.dockmedic.cli;

import io.dockmedic.config.Config;
import io.dockmedic.config.ConfigException;
import io.dockmedic.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** The --config option shared by commands; falls back to DOCKMEDIC_CONFIG, then /etc/dockmedic/dockmedic.yml if present. */
final class ConfigOption {
    static final Path SYSTEM_CONFIG = Path.of("/etc/dockmedic/dockmedic.yml");

    private static final String SHORT = "-c";
    private static final String LONG = "--config";
    private static final String LABEL = "FILE";
    private static final String DESCRIPTION = "Configuration file (default: $DOCKMEDIC_CONFIG, else /etc/dockmedic/dockmedic.yml "
            + "if it exists, else built-in defaults).";

    @Option(names = {SHORT, LONG}, paramLabel = LABEL, description = DESCRIPTION)
    Path file;

    /**
     * The same option made in code, bound to this object's {@link #file}: for {@code run}, whose model is made
     * without reflection ({@link RunCommand#spec}); the commands that mix this class in read the annotation above.
     */
    OptionSpec option() {
        Binding binding = new Binding();
        return OptionSpec.builder(SHORT, LONG).paramLabel(LABEL).type(Path.class).description(DESCRIPTION)
                .getter(binding).setter(binding).build();
    }

    /** Reads and writes {@link #file} for picocli. */
    private final class Binding implements IGetter, ISetter {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) file;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T value) {
            T old = (T) file;
            file = (Path) value;
            return old;
        }
    }

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
