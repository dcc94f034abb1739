package io.dockmedic.watch;

import io.dockmedic.docker.EngineEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@link #WINDOW} events seen, by (id, action, time): a replay after a reconnect repeats events already
 * handled. Used by the dispatcher thread only.
 */
final class DuplicateEvents {
    static final int WINDOW = 8192;

    private final Map<String, Boolean> seen = new LinkedHashMap<>(WINDOW, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > WINDOW;
        }
    };

    /** Remembers the event; false when it was seen before. */
    boolean firstTime(EngineEvent e) {
        return seen.put(e.key(), Boolean.TRUE) == null;
    }
}
