package io.dockmedic.watch;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/** The {@link ContainerState} of every container the watcher knows, by id. */
final class ContainerStates {
    private final Map<String, ContainerState> states = new ConcurrentHashMap<>();
    private final WatchListener listener;

    ContainerStates(WatchListener listener) {
        this.listener = listener;
    }

    /** The container's state, null when unknown. */
    ContainerState get(String id) {
        return states.get(id);
    }

    /** A new state for the container, replacing any. */
    ContainerState create(String id) {
        ContainerState st = new ContainerState();
        states.put(id, st);
        return st;
    }

    /** Forgets the container and tells the listener it is gone (when it was ever seen by an inspect). */
    void forget(String id, ContainerState st) {
        states.remove(id);
        if (st.ref != null) {
            listener.removed(st.ref);
        }
    }

    Set<String> ids() {
        return states.keySet();
    }

    void forEach(BiConsumer<String, ContainerState> action) {
        states.forEach(action);
    }
}
