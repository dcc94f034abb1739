package io.dockmedic.doctor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads the one-check fixtures of {@code src/test/resources/doctor-checks/}. */
final class CheckFixtures {
    static final Path ROOT = Path.of("src/test/resources/doctor-checks");

    private CheckFixtures() {
    }

    /** The fixture's project read with an empty shell; either file name may be null. */
    static Project project(String check, String envFile, String composeFile) throws IOException {
        return project(check, envFile, composeFile, Map.of());
    }

    static Project project(String check, String envFile, String composeFile, Map<String, String> shell) throws IOException {
        Path dir = ROOT.resolve(check);
        return new ProjectReader(shell).read(envFile == null ? null : dir.resolve(envFile), composeFile == null ? null : dir.resolve(composeFile));
    }

    /** "id file-name:line" of each finding, in the order found. */
    static List<String> places(List<Finding> findings) {
        return findings.stream().map(f -> f.id() + " " + Path.of(f.file()).getFileName() + ":" + f.line()).toList();
    }
}
