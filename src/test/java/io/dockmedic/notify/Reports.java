package io.dockmedic.notify;

import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.rules.Category;
import io.dockmedic.rules.Severity;
import io.dockmedic.rules.Text;
import java.time.Instant;
import java.util.List;

/** Reports as the pipeline makes them, for notification tests. */
final class Reports {
    static final Instant T0 = Instant.parse("2026-12-06T05:00:00Z");

    private Reports() {
    }

    static Diagnosis passwordRejected() {
        return new Diagnosis("postgres-password-auth-failed", Category.DB_AUTH, Severity.CRITICAL,
                new Text("PostgreSQL rejects the password", "PostgreSQL 拒绝了密码"),
                new Text("The database refuses the password the app sends. POSTGRES_PASSWORD only applies on first init.",
                        "数据库拒绝了应用发送的密码。POSTGRES_PASSWORD 只在首次初始化时生效。"),
                new Text("Make the password in DATABASE_URL equal POSTGRES_PASSWORD. Then restart the app.",
                        "让 DATABASE_URL 中的密码与 POSTGRES_PASSWORD 一致。然后重启应用。"),
                0.95, List.of("2026-12-06 05:00:00 UTC [42] FATAL:  password authentication failed for user \"shop\"",
                        "connecting with DATABASE_URL=postgres://shop:hunter2@db:5432/shop"), null, "restart");
    }

    static Diagnosis dependencyDown() {
        return new Diagnosis("dependency-unhealthy", Category.DEPENDENCY, Severity.WARNING,
                new Text("A service it depends on is failing", "依赖的服务故障"),
                new Text("It cannot work while its dependency fails.", "依赖故障时它无法工作。"),
                new Text("Fix the dependency first.", "先修复依赖。"),
                0.6, List.of("connection refused"), null, null);
    }

    /** An app whose health probe passed once and then failed twice with the same output. */
    static io.dockmedic.evidence.Timeline failingProbes() {
        String out = "curl: (22) The requested URL returned error: 503";
        return io.dockmedic.evidence.Timeline.of(io.dockmedic.evidence.Probes.of(List.of(
                new io.dockmedic.evidence.ProbeResult(T0.minusSeconds(60), java.time.Duration.ofMillis(15), 0, "ok"),
                new io.dockmedic.evidence.ProbeResult(T0.minusSeconds(30), java.time.Duration.ofMillis(21), 1, out),
                new io.dockmedic.evidence.ProbeResult(T0, java.time.Duration.ofMillis(18), 1, out))), List.of());
    }

    static Report report(String id, String service, Diagnosis d, String symptomOf) {
        Report r = new Report("shop-" + service + "-1", id, "shop", service, io.dockmedic.state.Trigger.UNHEALTHY, List.of(d), List.of(), "",
                0L, T0, null);
        return symptomOf == null ? r : r.withSymptomOf(symptomOf);
    }
}
