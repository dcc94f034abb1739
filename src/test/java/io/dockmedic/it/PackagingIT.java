package io.dockmedic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every way of shipping dockmedic, as a user installs and runs it, via scripts/package-test.sh: the
 * container image (built from local Debian bases, run with only the engine socket, one real
 * diagnosis) and the Debian package with its systemd unit (install, run as its user, verify,
 * security score, upgrade, purge). Needs root (it installs a package); in CI it always runs.
 */
class PackagingIT {

    private static boolean root() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        p.waitFor();
        return "0".equals(uid);
    }

    private static void packageTest(String part) throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!root()) {
            assertTrue(!ci, "CI must run the packaging tests as root");
            Assumptions.abort("scripts/package-test.sh " + part + " needs root (it installs a package and builds images)");
        }
        Path log = Files.createTempFile("package-test-" + part, ".log");
        Process p = new ProcessBuilder(List.of("bash", "scripts/package-test.sh", part))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(25, TimeUnit.MINUTES);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        String out = Files.readString(log);
        Files.deleteIfExists(log);
        System.out.println(out);
        assertTrue(ended, "scripts/package-test.sh " + part + " did not end within 25 min:\n" + out);
        assertEquals(0, p.exitValue(), "scripts/package-test.sh " + part + " failed:\n" + out);
    }

    @Test
    void containerImage() throws Exception {
        packageTest("image");
    }

    @Test
    void debianPackageAndSystemdUnit() throws Exception {
        packageTest("deb");
    }
}
