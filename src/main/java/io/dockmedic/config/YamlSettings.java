package io.dockmedic.config;

import io.dockmedic.yaml.YamlSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;

/** The settings of the YAML file: every key in its place, unknown keys are problems (with file:line:column). */
final class YamlSettings {
    private final ConfigValues values;

    YamlSettings(ConfigValues values) {
        this.values = values;
    }

    void read(Path file) {
        YamlSource src = YamlSource.open(file);
        src.root().ifPresent(root -> section(src, root, ""));
        values.problems(src.problemsInDocumentOrder());
    }

    /** Visits a mapping of settings; an empty (null) section means all its defaults. */
    private void section(YamlSource src, Node node, String prefix) {
        if (YamlSource.isNull(node)) {
            return;
        }
        Set<String> known = new LinkedHashSet<>();
        for (ConfigKey key : ConfigKey.values()) {
            if (prefix.isEmpty() || key.path.startsWith(prefix + ".")) {
                known.add(key.path.substring(prefix.isEmpty() ? 0 : prefix.length() + 1).split("\\.")[0]);
            }
        }
        if (NotifyTargets.PATH.startsWith(prefix + ".")) {
            known.add("targets"); // a list of mappings, read by NotifyTargets
        }
        src.mapping(node, prefix, known).forEach((name, value) -> {
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            ConfigKey key = ConfigKey.find(k -> k.path, path);
            if (path.equals(NotifyTargets.PATH)) {
                values.notifyTargets(NotifyTargets.read(src, value));
            } else if (key == null) {
                section(src, value, path);
            } else {
                leaf(src, key, value);
            }
        });
    }

    private void leaf(YamlSource src, ConfigKey key, Node node) {
        int before = src.problems().size();
        List<ConfigValues.Given> items = new ArrayList<>();
        for (Node item : key.list ? src.sequence(node, key.path, true) : List.of(node)) {
            if (YamlSource.isNull(item)) {
                src.problem(item, key.path, null, "must have a value");
                continue;
            }
            String text = src.scalar(item, key.path);
            if (text != null) {
                items.add(new ConfigValues.Given(src.where(item), text));
            }
        }
        String text = items.stream().map(ConfigValues.Given::text).collect(Collectors.joining(","));
        values.assign(key, new ConfigValues.Given(src.where(node), text), items, src.problems().size() == before,
                src.problems());
    }
}
