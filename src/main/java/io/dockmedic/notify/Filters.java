package io.dockmedic.notify;

import io.dockmedic.config.NotifyTarget;

/** Whether a target's filter takes a message: severity at least its minimum, and its sets (when not empty). */
final class Filters {
    private Filters() {
    }

    static boolean accepts(NotifyTarget.Filter f, Message m) {
        Message.Subject s = m.subject();
        // Severity lists CRITICAL, WARNING, INFO; MinSeverity lists INFO, WARNING, CRITICAL
        int rank = 2 - s.severity().ordinal();
        return rank >= f.minSeverity().ordinal()
                && (f.categories().isEmpty() || s.category().isEmpty() || f.categories().contains(s.category()))
                && (f.projects().isEmpty() || f.projects().contains(s.project()))
                && (f.services().isEmpty() || f.services().contains(s.service()));
    }
}
