package io.dockmedic.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.text.SafeJson;
import io.dockmedic.rules.Lang;
import io.dockmedic.rules.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a doctor {@link Doctor.Result} as JSON
 * ({@code {"findings":[{"id","severity","file","line","message","remedy"}],"checked":{...}}}) or as
 * text for people, in English or Chinese.
 */
public final class DoctorReport {
    private static final ObjectMapper JSON = SafeJson.mapper();

    private DoctorReport() {
    }

    public static String json(Doctor.Result r, Lang lang) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("findings");
        for (Finding f : r.findings()) {
            ObjectNode o = list.addObject();
            o.put("id", f.id());
            o.put("severity", f.severity().id());
            o.put("file", f.file());
            o.put("line", f.line());
            o.put("message", f.message().get(lang));
            o.put("remedy", f.remedy().get(lang));
        }
        root.set("checked", JSON.valueToTree(r.checked()));
        return SafeJson.pretty(root);
    }

    public static String text(Doctor.Result r, Lang lang) {
        boolean zh = lang == Lang.ZH;
        StringBuilder sb = new StringBuilder();
        long critical = count(r.findings(), Severity.CRITICAL);
        long warning = count(r.findings(), Severity.WARNING);
        long info = count(r.findings(), Severity.INFO);
        if (critical + warning == 0) {
            sb.append(zh ? "未发现问题" : "No problems found");
        } else {
            sb.append(zh ? "发现 " + (critical + warning) + " 个问题（严重 " + critical + "，警告 " + warning + "）"
                    : (critical + warning) + (critical + warning == 1 ? " problem" : " problems")
                    + " (" + critical + " critical, " + warning + " warning)");
        }
        if (info > 0) {
            sb.append(zh ? "，" + info + " 条提示" : ", " + info + (info == 1 ? " note" : " notes"));
        }
        sb.append(zh ? "。\n" : ".\n");
        for (Finding f : r.findings()) {
            sb.append('\n').append('[').append(f.severity().id().toUpperCase(Locale.ROOT)).append("] ")
                    .append(f.id()).append("  ").append(f.where()).append('\n');
            sb.append("  ").append(f.message().get(lang)).append('\n');
            sb.append(zh ? "  处理：" : "  Fix: ").append(f.remedy().get(lang).strip().replace("\n", "\n       ")).append('\n');
        }
        sb.append('\n').append(zh ? "检查了：" : "Checked: ").append(checked(r.checked(), zh)).append('\n');
        return sb.toString();
    }

    private static long count(List<Finding> findings, Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }

    private static String checked(Map<String, Object> c, boolean zh) {
        StringBuilder sb = new StringBuilder();
        if (c.containsKey("env_file")) {
            sb.append(zh ? "env 文件 " : "env file ").append(c.get("env_file"))
                    .append(zh ? "（" + c.get("env_file_variables") + " 个变量）" : " (" + c.get("env_file_variables") + " variables)");
        }
        if (c.containsKey("compose_file")) {
            Object services = c.get("services");
            sb.append(sb.length() > 0 ? zh ? "，" : ", " : "").append(zh ? "compose 文件 " : "compose file ").append(c.get("compose_file"));
            if (services instanceof List<?> l) {
                sb.append(zh ? "（" + l.size() + " 个服务）" : " (" + l.size() + (l.size() == 1 ? " service)" : " services)"));
            }
        }
        if (c.containsKey("daemon_config")) {
            int n = c.get("mirrors") instanceof List<?> l ? l.size() : 0;
            boolean online = Boolean.TRUE.equals(c.get("online"));
            sb.append(sb.length() > 0 ? zh ? "，" : ", " : "").append(zh ? "daemon 配置 " : "daemon config ").append(c.get("daemon_config"))
                    .append(zh ? "（" + n + " 个镜像源" + (n > 0 ? online ? "，已在线检测" : "，未在线检测" : "") + "）"
                            : " (" + n + (n == 1 ? " mirror" : " mirrors") + (n > 0 ? online ? ", probed" : ", not probed" : "") + ")");
        }
        return sb.toString();
    }
}
