package io.dockmedic.config;

import io.dockmedic.yaml.Problem;
import java.util.Map;
import java.util.TreeMap;

/** Values by dotted key (e.g. {@code "http.listen" -> "127.0.0.1:0"}), beating all else and validated the same way. */
final class OverrideSettings {
    private final ConfigValues values;

    OverrideSettings(ConfigValues values) {
        this.values = values;
    }

    /** Lists are comma-separated; an unknown key is a problem. */
    void read(Map<String, String> overrides) {
        new TreeMap<>(overrides).forEach((path, text) -> {
            ConfigKey key = ConfigKey.find(k -> k.path, path);
            if (key == null) {
                values.problem(new Problem("override", ConfigLoader.safe(path), null,
                        "is not a known key (known: " + ConfigKey.known(k -> k.path) + ")"));
            } else {
                values.assignText(key, "override", text);
            }
        });
    }
}
