package io.dockmedic.notify;

import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.diagnosis.TimelineFormat;
import io.dockmedic.rules.Lang;
import io.dockmedic.rules.Severity;
import io.dockmedic.text.Printable;
import io.dockmedic.text.Redactor;
import java.util.List;
import java.util.Optional;

/**
 * Writes {@link Message}s in one language (rule texts in en or zh, our own phrases in both).
 * Every outside text (names, evidence, reasons) is redacted and escaped here, once, so no channel can
 * forget it; lines are cut to stay readable on a phone.
 */
final class MessageText {
    private static final int MAX_LINE = 300;

    private final Lang lang;
    private final Optional<String> link;

    MessageText(Lang lang, Optional<String> grafanaUrl) {
        this.lang = lang;
        this.link = grafanaUrl;
    }

    /** A new diagnosis of {@code root}, and the services failing because of it (may be empty). */
    Message diagnosis(Report root, List<String> symptoms) {
        Diagnosis d = root.top();
        String title = d.title().get(lang);
        String about = place(root);
        if (!symptoms.isEmpty()) {
            String names = list(symptoms.stream().map(MessageText::clean).toList());
            String rootName = clean(root.serviceOrName());
            about = (root.project().isEmpty() ? "" : clean(root.project()) + (lang == Lang.ZH ? "：" : ": "))
                    + (lang == Lang.ZH ? names + " 失败，因为 " + rootName : names + " fail because " + rootName);
        }
        String head = "[" + d.severity().id().toUpperCase(java.util.Locale.ROOT) + "] " + about
                + (lang == Lang.ZH ? "：" : ": ") + title;
        String step = firstSentence(d.remedy().get(lang));
        return new Message(Message.Kind.DIAGNOSIS, subject(root, symptoms),
                new Message.Body(cut(head), cut(firstSentence(d.cause().get(lang))),
                        cut((lang == Lang.ZH ? "第一步：" : "First step: ") + step), evidence(d.evidence(), root)), link);
    }

    /** The diagnosis told earlier has cleared: the container is healthy again, or gone. */
    Message resolved(Report was, boolean removed) {
        Diagnosis d = was.top();
        String head = (lang == Lang.ZH ? "[已恢复] " : "[RESOLVED] ") + place(was) + (lang == Lang.ZH ? "：" : ": ") + d.title().get(lang);
        String why = removed
                ? (lang == Lang.ZH ? "容器已被删除。" : "The container was removed.")
                : (lang == Lang.ZH ? "容器已恢复健康。" : "The container is healthy again.");
        return new Message(Message.Kind.RESOLVED, subject(was, List.of()), new Message.Body(cut(head), why, "", ""), link);
    }

    /** A remediation event (acted, failed, circuit open, rearmed). */
    Message remediation(RemediationEvent e) {
        String place = (e.project().isEmpty() ? "" : clean(e.project()) + "/")
                + clean(e.service().isEmpty() ? e.container() : e.service());
        String head = switch (e.kind()) {
            case ACTED -> lang == Lang.ZH ? "[自愈] 已处理 " + place : "[HEALING] acted on " + place;
            case FAILED -> lang == Lang.ZH ? "[自愈失败] " + place : "[HEALING FAILED] " + place;
            case CIRCUIT_OPEN -> lang == Lang.ZH ? "[自愈暂停] " + place + "：重启次数已用完" : "[HEALING STOPPED] " + place
                    + ": restart budget spent";
            case REARMED -> lang == Lang.ZH ? "[自愈恢复] " + place : "[HEALING REARMED] " + place;
        };
        String step = switch (e.kind()) {
            case FAILED, CIRCUIT_OPEN -> lang == Lang.ZH ? "第一步：运行 dockmedic diagnose 查看原因，手动修复。"
                    : "First step: run dockmedic diagnose for the cause and fix it by hand.";
            default -> "";
        };
        Severity severity = switch (e.kind()) {
            case FAILED, CIRCUIT_OPEN -> Severity.CRITICAL;
            case ACTED, REARMED -> Severity.INFO;
        };
        Message.Subject subject = new Message.Subject(e.project(), e.service(), e.container(), e.rule(), "", severity, List.of());
        return new Message(e.kind().message(), subject,
                new Message.Body(cut(head), cut(clean(e.reason())), step, ""), link);
    }

    private static Message.Subject subject(Report r, List<String> symptoms) {
        Diagnosis d = r.top();
        return new Message.Subject(r.project(), r.serviceOrName(), r.container(), d.rule(), d.category().id(),
                d.severity(), symptoms);
    }

    private static String place(Report r) {
        return (r.project().isEmpty() ? "" : clean(r.project()) + "/") + clean(r.serviceOrName());
    }

    /** "a", "a and b", "a, b and c" (zh: 、 and 和). */
    private String list(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        String and = lang == Lang.ZH ? " 和 " : " and ";
        String sep = lang == Lang.ZH ? "、" : ", ";
        return String.join(sep, names.subList(0, names.size() - 1)) + and + names.get(names.size() - 1);
    }

    /**
     * The last evidence line (the freshest), then the report's timeline in a line or two (crash loop, flapping,
     * failing probes), each redacted, escaped, cut.
     */
    private String evidence(List<String> lines, Report r) {
        List<String> out = new java.util.ArrayList<>();
        if (!lines.isEmpty()) {
            String last = Redactor.generic().redactAll(lines).get(lines.size() - 1).strip();
            out.add(cut((lang == Lang.ZH ? "证据：" : "Evidence: ") + Printable.escapeLine(last)));
        }
        for (String t : TimelineFormat.summary(r, lang)) {
            out.add(cut(Printable.escapeLine(Redactor.generic().redact(t))));
        }
        return String.join("\n", out);
    }

    /** Outside text fit for a message: redacted and with control and bidi characters escaped. */
    static String clean(String s) {
        return Printable.escape(Redactor.generic().redact(s.replace('\n', ' ')));
    }

    /** The first line, then its first sentence (". " or "。"). */
    static String firstSentence(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        int dot = line.indexOf(". ");
        int zh = line.indexOf('。');
        int end = dot < 0 ? zh : zh < 0 ? dot : Math.min(dot, zh);
        return end < 0 ? line : line.substring(0, end + 1);
    }

    private static String cut(String s) {
        return s.codePointCount(0, s.length()) <= MAX_LINE ? s
                : s.substring(0, s.offsetByCodePoints(0, MAX_LINE - 1)) + "…";
    }
}
