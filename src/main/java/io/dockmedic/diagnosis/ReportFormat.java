package io.dockmedic.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.text.Printable;
import io.dockmedic.text.Redactor;
import io.dockmedic.text.SafeJson;
import io.dockmedic.rules.Lang;
import java.util.List;

/**
 * Renders reports as the contract's JSON and as text for people. Evidence is redacted by whoever
 * collected it and once more here, where every path to the outside (CLI, API, log) passes, so a
 * caller that forgot cannot leak. Text output escapes control and bidi characters of everything that
 * came from outside (names, labels, log lines); JSON writes them as {@code \\uXXXX} escapes.
 */
public final class ReportFormat {
    private static final ObjectMapper JSON = SafeJson.mapper();

    /** Evidence lines as they may leave the process: redacted (again; a key block may span them). */
    private static List<String> evidence(List<String> lines) {
        return Redactor.generic().redactAll(lines);
    }

    private ReportFormat() {
    }

    public static ObjectNode toJson(Report r, Lang lang) {
        ObjectNode root = JSON.createObjectNode();
        root.put("container", r.container());
        root.put("project", r.project());
        root.put("service", r.service());
        root.put("trigger", r.trigger().wire());
        if (r.eventTimeNanos() > 0) {
            root.put("event_time", java.time.Instant.ofEpochSecond(0, r.eventTimeNanos()).toString());
        }
        root.put("diagnosed_at", r.diagnosedAt().toString());
        if (r.symptomOf() == null) {
            root.putNull("symptom_of");
        } else {
            root.put("symptom_of", r.symptomOf());
        }
        ArrayNode list = root.putArray("diagnoses");
        for (Diagnosis d : r.diagnoses()) {
            list.add(toJson(d, lang));
        }
        if (!r.matched()) {
            ObjectNode u = root.putObject("unclassified");
            u.put("signature", r.signature());
            ArrayNode ev = u.putArray("evidence");
            evidence(r.unclassified()).forEach(ev::add);
            if (r.probable() != null) {
                u.set("probable", toJson(r.probable()));
            }
        }
        TimelineFormat.json(root, r.timeline());
        return root;
    }

    /** The statistical fallback's guess: a category and a low confidence, never a rule. */
    static ObjectNode toJson(Probable p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("category", p.category().id());
        o.put("confidence", Math.round(p.confidence() * 100) / 100.0);
        o.put("evidence", evidence(List.of(p.line())).get(0));
        return o;
    }

    public static ObjectNode toJson(Diagnosis d, Lang lang) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rule", d.rule());
        o.put("category", d.category().id());
        o.put("severity", d.severity().id());
        o.put("title", d.title().get(lang));
        o.put("cause", d.cause().get(lang));
        o.put("remedy", d.remedy().get(lang));
        o.put("confidence", d.confidence());
        ArrayNode ev = o.putArray("evidence");
        evidence(d.evidence()).forEach(ev::add);
        if (d.symptomOf() == null) {
            o.putNull("symptom_of");
        } else {
            o.put("symptom_of", d.symptomOf());
        }
        if (d.playbook() != null) {
            o.put("playbook", d.playbook());
        }
        return o;
    }

    public static String json(Report r, Lang lang) {
        return SafeJson.pretty(toJson(r, lang));
    }

    public static String text(Report r, Lang lang) {
        StringBuilder sb = new StringBuilder();
        String who = r.project().isEmpty() ? r.container() : r.project() + "/" + r.serviceOrName() + " (" + r.container() + ")";
        sb.append(Printable.escape(who)).append('\n');
        if (!r.matched()) {
            if (r.symptomOf() != null) {
                String root = Printable.escape(r.symptomOf());
                sb.append(lang == Lang.ZH ? "  这是 " + root + " 故障引起的症状\n" : "  This is a symptom of " + root + "\n");
            }
            sb.append(lang == Lang.ZH ? "  未匹配任何规则（unclassified），最像错误的行：\n"
                    : "  No rule matched (unclassified). The most error-like lines:\n");
            for (String l : evidence(r.unclassified())) {
                sb.append("    | ").append(Printable.escapeLine(l)).append('\n');
            }
            sb.append("  signature: ").append(r.signature()).append('\n');
            if (r.probable() != null) {
                appendProbable(sb, r.probable(), lang);
            }
            TimelineFormat.text(sb, r.timeline(), lang);
            return sb.toString();
        }
        int i = 0;
        for (Diagnosis d : r.diagnoses()) {
            if (i == 1) {
                sb.append(lang == Lang.ZH ? "  其他可能的原因：\n" : "  Also matched:\n");
            }
            if (i == 0) {
                sb.append("  [").append(d.severity().id().toUpperCase()).append("] ").append(d.title().get(lang))
                        .append("  (").append(d.rule()).append(", ").append(d.category().id())
                        .append(String.format(java.util.Locale.ROOT, ", confidence %.2f)", d.confidence())).append('\n');
                if (d.symptomOf() != null) {
                    String root = Printable.escape(d.symptomOf());
                    sb.append(lang == Lang.ZH ? "  这是 " + root + " 故障引起的症状\n"
                            : "  This is a symptom of " + root + "\n");
                }
                sb.append(lang == Lang.ZH ? "  原因：" : "  Cause:  ").append(d.cause().get(lang)).append('\n');
                sb.append(lang == Lang.ZH ? "  处理：" : "  Remedy: ").append(indent(d.remedy().get(lang))).append('\n');
                sb.append(lang == Lang.ZH ? "  证据：\n" : "  Evidence:\n");
                for (String l : evidence(d.evidence())) {
                    sb.append("    | ").append(Printable.escapeLine(l)).append('\n');
                }
            } else {
                sb.append("    - ").append(d.rule()).append(" (").append(d.category().id()).append("): ")
                        .append(d.title().get(lang)).append('\n');
            }
            i++;
        }
        TimelineFormat.text(sb, r.timeline(), lang);
        return sb.toString();
    }

    private static void appendProbable(StringBuilder sb, Probable p, Lang lang) {
        String confidence = String.format(java.util.Locale.ROOT, "%.2f", p.confidence());
        sb.append(lang == Lang.ZH
                ? "  可能的原因（统计模型的推测，不是规则匹配，不会据此自动修复）：" + p.category().id() + "，置信度 " + confidence + "\n"
                : "  Probable cause (a statistical guess, not a rule match; never remediated): " + p.category().id()
                        + ", confidence " + confidence + "\n");
        sb.append("    | ").append(Printable.escapeLine(evidence(List.of(p.line())).get(0))).append('\n');
    }

    private static String indent(String s) {
        return s.strip().replace("\n", "\n          ");
    }
}
