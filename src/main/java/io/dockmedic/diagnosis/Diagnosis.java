package io.dockmedic.diagnosis;

import io.dockmedic.rules.Category;
import io.dockmedic.rules.RuleMatch;
import io.dockmedic.rules.Severity;
import io.dockmedic.rules.Text;
import java.util.List;

/**
 * One cause found for one container: the rule, what to tell people, and the redacted evidence.
 *
 * @param symptomOf the service whose failure this is a symptom of, or null for a root cause
 */
public record Diagnosis(
        String rule,
        Category category,
        Severity severity,
        Text title,
        Text cause,
        Text remedy,
        double confidence,
        List<String> evidence,
        String symptomOf,
        String playbook) {

    public Diagnosis {
        evidence = List.copyOf(evidence);
    }

    public static Diagnosis of(RuleMatch m) {
        var r = m.rule();
        return new Diagnosis(r.id(), r.category(), r.severity(), r.title(), r.cause(), r.remedy(), r.confidence(),
                m.evidence(), null, r.playbook());
    }

    public static final String UNCLASSIFIED = "unclassified";

    public static Diagnosis unclassified(List<String> evidence) {
        return new Diagnosis(UNCLASSIFIED, Category.UNCLASSIFIED, Severity.WARNING,
                new Text("Unhealthy, cause not recognised", "不健康，原因未识别"),
                new Text("No rule matched the container's logs or health-probe output.",
                        "容器日志与健康检查输出未匹配任何规则。"),
                new Text("Read the evidence lines below and `docker logs <container>`; if the cause is recurring, "
                        + "add a rule to /etc/dockmedic/rules.d (see `dockmedic rules suggest`).",
                        "查看下方证据行与 `docker logs <容器>`；若原因反复出现，可在 /etc/dockmedic/rules.d 中添加规则。"),
                0.0, evidence, null, null);
    }

    public boolean isUnclassified() {
        return category == Category.UNCLASSIFIED;
    }

    public Diagnosis asSymptomOf(String rootService) {
        return new Diagnosis(rule, category, severity, title, cause, remedy, confidence, evidence, rootService, playbook);
    }
}
