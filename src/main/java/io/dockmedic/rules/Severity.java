package io.dockmedic.rules;

import java.util.Locale;
import java.util.Optional;

/** How bad a diagnosis is; used for ranking ties, labels and alert routing. */
public enum Severity {
    CRITICAL, WARNING, INFO;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> of(String id) {
        for (Severity s : values()) {
            if (s.id().equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
