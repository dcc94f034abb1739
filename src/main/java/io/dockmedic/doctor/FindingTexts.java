package io.dockmedic.doctor;

import io.dockmedic.rules.Severity;
import io.dockmedic.rules.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.Yaml;

/**
 * The texts of every finding id, from {@code /doctor/findings.yml}: severity and an en/zh message and
 * remedy with {@code {name}} placeholders. Only placeholders given as arguments are replaced, so
 * YAML and ${VAR} examples in remedies stay as written.
 */
final class FindingTexts {
    private record Template(Severity severity, Text message, Text remedy) {
    }

    private static final Map<String, Template> TEMPLATES = load();
    /** Suffix of an argument that gives a placeholder's Chinese value. */
    static final String ZH = "@zh";

    private FindingTexts() {
    }

    private static Map<String, Template> load() {
        try (InputStream in = FindingTexts.class.getResourceAsStream("/doctor/findings.yml")) {
            if (in == null) {
                throw new IllegalStateException("/doctor/findings.yml is missing from the jar");
            }
            Map<String, Map<String, Object>> doc = new Yaml().load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<String, Template> out = new TreeMap<>();
            doc.forEach((id, t) -> out.put(id, new Template(
                    Severity.of((String) t.get("severity")).orElseThrow(() -> new IllegalStateException(id + ": bad severity")),
                    text(t.get("message")), text(t.get("remedy")))));
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /doctor/findings.yml", e);
        }
    }

    private static Text text(Object o) {
        Map<?, ?> m = (Map<?, ?>) o;
        return new Text((String) m.get("en"), (String) m.get("zh"));
    }

    /** Every finding id with texts. */
    static Set<String> ids() {
        return TEMPLATES.keySet();
    }

    /**
     * A finding of {@code id} at file:line with its default severity.
     *
     * @param args placeholder name, value, name, value... ("name@zh" for a Chinese value of name)
     */
    static Finding finding(String id, String file, int line, String... args) {
        return finding(id, null, file, line, args);
    }

    /** As {@link #finding(String, String, int, String...)} with a severity other than the default (null: default). */
    static Finding finding(String id, Severity severity, String file, int line, String... args) {
        Template t = TEMPLATES.get(id);
        if (t == null) {
            throw new IllegalArgumentException("no texts for finding " + id);
        }
        return new Finding(id, severity == null ? t.severity() : severity, file, line,
                fill(t.message(), args), fill(t.remedy(), args));
    }

    private static Text fill(Text t, String... args) {
        return new Text(fill(t.en(), false, args), fill(t.zh(), true, args));
    }

    /** Replaces {name} by its value; a "name@zh" argument gives the Chinese value of that placeholder. */
    private static String fill(String s, boolean zh, String... args) {
        String out = s;
        if (zh) {
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (args[i].endsWith(ZH)) {
                    out = out.replace("{" + args[i].substring(0, args[i].length() - ZH.length()) + "}", args[i + 1]);
                }
            }
        }
        for (int i = 0; i + 1 < args.length; i += 2) {
            out = out.replace("{" + args[i] + "}", args[i + 1]);
        }
        return out;
    }
}
