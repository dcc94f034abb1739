package io.dockmedic.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * API keys: {@code DASHSCOPE_API_KEY} must reach the services that use it with a real value
 * ({@code dashscope-api-key-missing}, {@code -placeholder}, {@code -not-passed}), and any other
 * {@code *_API_KEY} must not be a placeholder such as {@code sk-xxxx} or {@code <your key>}
 * ({@code api-key-placeholder}).
 */
final class ApiKeyCheck implements ProjectCheck {
    static final String DASHSCOPE = "DASHSCOPE_API_KEY";
    private static final Pattern API_KEY_NAME = Pattern.compile("[A-Z0-9_]*API_?KEY");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?i)(?:<[^>]*>|\\[[^\\]]*]|x{3,}|\\*{3,}|\\.{3}|"
            + "change[-_ ]?me|change[-_ ]?this|replace[-_ ]?me|placeholder|todo|tbd|none|null|dummy|example|test|"
            + "sk-(?:x+|\\.\\.\\.|\\*+|your.*)|your[-_ ].*|.*your[-_]?(?:api[-_]?)?key.*|.*[-_]here|xxx.*)");

    @Override
    public List<Finding> check(Project p) {
        List<Finding> out = new ArrayList<>();
        if (p.hasCompose()) {
            dashscopeInServices(p, out);
        } else if (p.env() != null && p.env().entries().containsKey(DASHSCOPE)) {
            Var v = p.projectVar(DASHSCOPE);
            dashscope(v, v.where() + " has an empty value", v.where() + " 中的值为空", out);
        }
        for (Map<String, Var> vars : p.receivers().values()) {
            for (Var v : vars.values()) {
                if (otherKeyPlaceholder(v.name(), v.value())) {
                    out.add(FindingTexts.finding("api-key-placeholder", v.file(), v.line(), "var", v.name(), "where", v.where()));
                }
            }
        }
        if (p.env() != null) {
            for (EnvFile.Entry e : p.env().entries().values()) {
                if (otherKeyPlaceholder(e.name(), e.value())) {
                    out.add(FindingTexts.finding("api-key-placeholder", p.env().file(), e.line(), "var", e.name(), "where", p.env().file() + ":" + e.line()));
                }
            }
        }
        return out;
    }

    private static void dashscopeInServices(Project p, List<Finding> out) {
        List<Var> received = p.serviceEnv().values().stream().map(m -> m.get(DASHSCOPE)).filter(Objects::nonNull).toList();
        Var own = p.projectVar(DASHSCOPE);
        if (received.isEmpty() && p.env() != null && p.env().entries().containsKey(DASHSCOPE) && own.value() != null && !own.value().isBlank()) {
            out.add(FindingTexts.finding("dashscope-api-key-not-passed", own.file(), own.line(), "where", own.where(), "compose", p.compose().file()));
        }
        for (Map.Entry<String, Map<String, Var>> svc : p.serviceEnv().entrySet()) {
            Var v = svc.getValue().get(DASHSCOPE);
            if (v != null) {
                boolean unset = v.file().equals(p.compose().file());
                dashscope(v, "service '" + svc.getKey() + "' gets " + (v.value() == null ? "no value" : "an empty value")
                        + " from " + v.where() + (unset ? ", " + p.envName() + " does not set it" : ""),
                        "服务 '" + svc.getKey() + "' 从 " + v.where() + " 得到的是空值" + (unset ? "，" + p.envName() + " 中没有设置" : ""), out);
            }
        }
    }

    private static void dashscope(Var v, String emptyDetail, String emptyDetailZh, List<Finding> out) {
        if (v.value() == null || v.value().isBlank()) {
            out.add(FindingTexts.finding("dashscope-api-key-missing", v.file(), v.line(), "detail", emptyDetail, "detail@zh", emptyDetailZh));
        } else if (placeholder(v.value())) {
            out.add(FindingTexts.finding("dashscope-api-key-placeholder", v.file(), v.line(), "where", v.where()));
        }
    }

    private static boolean otherKeyPlaceholder(String name, String value) {
        return !DASHSCOPE.equals(name) && API_KEY_NAME.matcher(name).matches() && value != null && placeholder(value);
    }

    private static boolean placeholder(String value) {
        return PLACEHOLDER.matcher(value.strip()).matches();
    }
}
