package io.dockmedic.doctor;

import io.dockmedic.rules.Text;
import io.dockmedic.text.Redactor;
import io.dockmedic.yaml.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the checks found, gathered: the same finding (id, place, message) reported twice, e.g. by
 * two services passing one variable on, is kept once; the result is redacted and ordered.
 */
final class Findings {
    /** file, file:line or file:line:column of a {@link Problem}. */
    private static final Pattern WHERE = Pattern.compile("(.*?)(?::(\\d+))?(?::\\d+)?");

    private final Map<String, Finding> byKey = new LinkedHashMap<>();

    void add(Finding f) {
        byKey.putIfAbsent(f.id() + "@" + f.where() + "@" + f.message().en(), f);
    }

    void addAll(List<Finding> found) {
        found.forEach(this::add);
    }

    /** Every finding with its texts passed through the redactor, most severe first. */
    List<Finding> redacted(Redactor redactor) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : byKey.values()) {
            out.add(new Finding(f.id(), f.severity(), f.file(), f.line(), redact(redactor, f.message()), redact(redactor, f.remedy())));
        }
        out.sort(Finding.ORDER);
        return List.copyOf(out);
    }

    private static Text redact(Redactor r, Text t) {
        return new Text(r.redact(t.en()), r.redact(t.zh()));
    }

    /** One finding {@code id} per parse problem, at the problem's file and line. */
    static List<Finding> ofProblems(String id, List<Problem> problems) {
        List<Finding> out = new ArrayList<>();
        for (Problem p : problems) {
            Matcher m = WHERE.matcher(p.where());
            m.matches();
            String text = (p.property() == null || p.property().isEmpty() ? "" : p.property() + " ") + p.reason();
            out.add(FindingTexts.finding(id, m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                    "file", p.where(), "problem", text));
        }
        return out;
    }
}
