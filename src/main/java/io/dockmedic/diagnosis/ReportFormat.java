package io.dockmedic.diagnosis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.rules.Lang;

/** Renders reports as the contract's JSON and as text for people. Evidence is already redacted. */
public final class ReportFormat {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFormat() {
    }

    public static ObjectNode toJson(Report r, Lang lang) {
        ObjectNode root = JSON.createObjectNode();
        root.put("container", r.container());
        root.put("project", r.project());
        root.put("service", r.service());
        root.put("trigger", r.trigger());
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
            r.unclassified().forEach(ev::add);
        }
        return root;
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
        d.evidence().forEach(ev::add);
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
        try {
            return JSON.writeValueAsString(toJson(r, lang));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(Report r, Lang lang) {
        StringBuilder sb = new StringBuilder();
        String who = r.project().isEmpty() ? r.container() : r.project() + "/" + r.serviceOrName() + " (" + r.container() + ")";
        sb.append(who).append('\n');
        if (!r.matched()) {
            if (r.symptomOf() != null) {
                sb.append(lang == Lang.ZH ? "  这是 " + r.symptomOf() + " 故障引起的症状\n" : "  This is a symptom of " + r.symptomOf() + "\n");
            }
            sb.append(lang == Lang.ZH ? "  未匹配任何规则（unclassified），最像错误的行：\n"
                    : "  No rule matched (unclassified). The most error-like lines:\n");
            for (String l : r.unclassified()) {
                sb.append("    | ").append(l).append('\n');
            }
            sb.append("  signature: ").append(r.signature()).append('\n');
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
                        .append(String.format(", confidence %.2f)", d.confidence())).append('\n');
                if (d.symptomOf() != null) {
                    sb.append(lang == Lang.ZH ? "  这是 " + d.symptomOf() + " 故障引起的症状\n"
                            : "  This is a symptom of " + d.symptomOf() + "\n");
                }
                sb.append(lang == Lang.ZH ? "  原因：" : "  Cause:  ").append(d.cause().get(lang)).append('\n');
                sb.append(lang == Lang.ZH ? "  处理：" : "  Remedy: ").append(indent(d.remedy().get(lang))).append('\n');
                sb.append(lang == Lang.ZH ? "  证据：\n" : "  Evidence:\n");
                for (String l : d.evidence()) {
                    sb.append("    | ").append(l).append('\n');
                }
            } else {
                sb.append("    - ").append(d.rule()).append(" (").append(d.category().id()).append("): ")
                        .append(d.title().get(lang)).append('\n');
            }
            i++;
        }
        return sb.toString();
    }

    private static String indent(String s) {
        return s.strip().replace("\n", "\n          ");
    }
}
