package io.dockmedic.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version and git commit baked into the jar at build time. */
public record BuildInfo(String version, String commit) {

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/dockmedic-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // defaults below
        }
        String version = p.getProperty("version", "dev");
        String commit = p.getProperty("commit", "");
        if (version.startsWith("${")) {
            version = "dev";
        }
        if (commit.isEmpty() || commit.startsWith("${")) {
            commit = "unknown";
        }
        return new BuildInfo(version, commit);
    }
}
