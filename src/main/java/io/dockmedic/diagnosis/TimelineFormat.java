package io.dockmedic.diagnosis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.evidence.Exit;
import io.dockmedic.evidence.Pattern;
import io.dockmedic.evidence.ProbeResult;
import io.dockmedic.evidence.Probes;
import io.dockmedic.evidence.Timeline;
import io.dockmedic.rules.Lang;
import io.dockmedic.text.Printable;
import io.dockmedic.text.Redactor;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A report's timeline (probe history, crash loop, flapping) in the contract's JSON and as text for
 * people. Added only when there is something to show, so reports without a timeline keep their shape.
 * Probe outputs are redacted again on the way out, as all evidence is.
 */
public final class TimelineFormat {
    /** Text output shows at most this many of the newest probes (JSON shows the whole history). */
    static final int TEXT_PROBES = 5;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private TimelineFormat() {
    }

    static void json(ObjectNode root, Timeline t) {
        if (!t.probes().isEmpty()) {
            ObjectNode p = root.putObject("probes");
            p.put("failing_streak", t.probes().failingStreak());
            ArrayNode results = p.putArray("results");
            for (ProbeResult r : t.probes().results()) {
                ObjectNode o = results.addObject();
                o.put("start", r.start().toString());
                if (r.duration() == null) {
                    o.putNull("duration_ms");
                } else {
                    o.put("duration_ms", r.duration().toMillis());
                }
                if (r.exitCode() == null) {
                    o.putNull("exit_code");
                } else {
                    o.put("exit_code", r.exitCode());
                }
                o.put("output", redact(r.output()));
            }
        }
        if (!t.patterns().isEmpty()) {
            ArrayNode patterns = root.putArray("patterns");
            t.patterns().forEach(p -> patterns.add(json(p, patterns.objectNode())));
        }
    }

    private static ObjectNode json(Pattern p, ObjectNode o) {
        o.put("pattern", p.id());
        if (p instanceof Pattern.CrashLoop loop) {
            o.put("cause", loop.cause().id());
            o.put("restarts", loop.restarts());
            o.put("window_seconds", loop.window().toSeconds());
            ArrayNode codes = o.putArray("exit_codes");
            loop.exitCodes().forEach(codes::add);
            ArrayNode exits = o.putArray("exits");
            for (Exit e : loop.exits()) {
                exits.addObject().put("finished_at", e.finishedAt().toString()).put("exit_code", e.code())
                        .put("oom_killed", e.oomKilled()).put("kind", e.kind().id());
            }
        } else if (p instanceof Pattern.Flapping f) {
            o.put("transitions", f.transitions());
            o.put("window_seconds", f.window().toSeconds());
        }
        return o;
    }

    static void text(StringBuilder sb, Timeline t, Lang lang) {
        for (Pattern p : t.patterns()) {
            sb.append("  ").append(text(p, lang)).append('\n');
        }
        Probes probes = t.probes();
        if (probes.isEmpty()) {
            return;
        }
        sb.append(lang == Lang.ZH ? "  健康检查（连续失败 " + probes.failingStreak() + " 次）：\n"
                : "  Health probes (failing streak " + probes.failingStreak() + "):\n");
        List<ProbeResult> all = probes.results();
        for (ProbeResult r : all.subList(Math.max(0, all.size() - TEXT_PROBES), all.size())) {
            String out = redact(r.output()).replace('\n', ' ');
            sb.append("    ").append(CLOCK.format(r.start())).append(" exit ")
                    .append(r.exitCode() == null ? "?" : r.exitCode().toString())
                    .append(r.duration() == null ? "" : " (" + r.duration().toMillis() + " ms)")
                    .append(out.isEmpty() ? "" : " | " + Printable.escapeLine(out)).append('\n');
        }
    }

    /**
     * The timeline in a few lines for a notification: each pattern, then the failing streak and the newest
     * probe's output (redacted; the caller escapes). Empty when there is nothing to show or the probes pass.
     */
    public static List<String> summary(Report r, Lang lang) {
        Timeline t = r.timeline();
        List<String> lines = new java.util.ArrayList<>();
        t.patterns().forEach(p -> lines.add(text(p, lang)));
        Probes probes = t.probes();
        if (!probes.isEmpty() && probes.failingStreak() > 0) {
            ProbeResult last = probes.last();
            String out = redact(last.output()).replace('\n', ' ').strip();
            lines.add((lang == Lang.ZH ? "健康检查连续失败 " + probes.failingStreak() + " 次，最近一次：exit "
                    : "Health probes failing " + probes.failingStreak() + " in a row, last: exit ")
                    + (last.exitCode() == null ? "?" : last.exitCode().toString()) + (out.isEmpty() ? "" : " | " + out));
        }
        return lines;
    }

    private static String text(Pattern p, Lang lang) {
        boolean zh = lang == Lang.ZH;
        if (p instanceof Pattern.CrashLoop loop) {
            String codes = loop.exitCodes().stream().map(String::valueOf).collect(Collectors.joining(", "));
            String cause = switch (loop.cause()) {
                case MEMORY -> zh ? "每次都被 SIGKILL 杀死，其中至少一次是 OOM：内存不足时被杀死"
                        : "every exit was a SIGKILL, at least one an OOM kill: it dies when memory runs short";
                case KILLED -> zh ? "每次都被 SIGKILL 杀死，但不是因为内存（OOMKilled=false）"
                        : "every exit was a SIGKILL without OOMKilled: something else kills it";
                case EXITS -> zh ? "进程自己退出" : "the process itself exits";
            };
            return zh ? "崩溃循环：" + window(loop.window()) + " 内退出 " + loop.exits().size() + " 次（退出码 " + codes
                    + "），已重启 " + loop.restarts() + " 次；" + cause
                    : "Crash loop: " + loop.exits().size() + " exits in " + window(loop.window()) + " (exit codes "
                    + codes + "), " + loop.restarts() + " restarts; " + cause;
        }
        Pattern.Flapping f = (Pattern.Flapping) p;
        return zh ? "健康状态反复变化：" + window(f.window()) + " 内变化 " + f.transitions() + " 次；不会自动重启（重启只会掩盖问题）"
                : "Flapping: health changed " + f.transitions() + " times in " + window(f.window())
                + "; not restarted (a restart would only hide it)";
    }

    private static String window(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String redact(String s) {
        return String.join("\n", Redactor.generic().redactAll(List.of(s.split("\n", -1))));
    }
}
