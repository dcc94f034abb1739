package io.dockmedic.config;

import io.dockmedic.yaml.Problem;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The value of every setting so far, with where it was given (file:line:column, env var, override), and the
 * problems found. Starts with the built-in defaults; a source's valid value replaces the current one, an invalid
 * one marks the key failed (then checks that span keys leave it alone).
 */
final class ConfigValues {
    /** One value as given, and where. */
    record Given(String where, String text) {
    }

    private final Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
    private final Map<ConfigKey, Given> origins = new EnumMap<>(ConfigKey.class);
    private final Set<ConfigKey> failed = EnumSet.noneOf(ConfigKey.class);
    private final List<Problem> problems = new ArrayList<>();
    private List<NotifyTarget> notifyTargets = List.of();

    ConfigValues() {
        for (ConfigKey key : ConfigKey.values()) {
            List<Object> items = key.items(key.defaultText).stream().map(key.parser).toList();
            values.put(key, key.list ? items : items.get(0));
        }
    }

    /** Text from env or an override: items of a list are comma-separated. */
    void assignText(ConfigKey key, String where, String text) {
        List<Given> items = key.items(text).stream().map(item -> new Given(where, item)).toList();
        assign(key, new Given(where, text), items, true, problems);
    }

    /** Parses every item, reporting each bad one to {@code sink}; only a fully valid value replaces the current one. */
    void assign(ConfigKey key, Given given, List<Given> items, boolean complete, List<Problem> sink) {
        List<Object> parsed = new ArrayList<>();
        for (Given item : items) {
            try {
                parsed.add(key.parser.apply(item.text()));
            } catch (ValueParsers.Invalid e) {
                sink.add(new Problem(item.where(), key.path, null, e.getMessage())); // never the value: it may be a secret
                complete = false;
            }
        }
        if (complete) {
            values.put(key, key.list ? List.copyOf(parsed) : parsed.get(0));
            origins.put(key, given);
            failed.remove(key);
        } else {
            failed.add(key);
        }
    }

    @SuppressWarnings("unchecked")
    <T> T get(ConfigKey key) {
        return (T) values.get(key);
    }

    /** Whether a source gave the key a value (valid or not). */
    boolean given(ConfigKey key) {
        return origins.containsKey(key) || failed.contains(key);
    }

    /** Whether a source set the key validly. */
    boolean set(ConfigKey key) {
        return origins.containsKey(key);
    }

    boolean failed(ConfigKey key) {
        return failed.contains(key);
    }

    /** Where the key's value was given; for a default, nowhere and its default text. */
    Given origin(ConfigKey key) {
        return origins.getOrDefault(key, new Given("", key.defaultText));
    }

    void problem(Problem p) {
        problems.add(p);
    }

    void problems(List<Problem> more) {
        problems.addAll(more);
    }

    List<Problem> problems() {
        return problems;
    }

    List<NotifyTarget> notifyTargets() {
        return notifyTargets;
    }

    void notifyTargets(List<NotifyTarget> targets) {
        notifyTargets = targets;
    }
}
