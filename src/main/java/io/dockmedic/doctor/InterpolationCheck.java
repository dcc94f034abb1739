package io.dockmedic.doctor;

import io.dockmedic.compose.ComposeFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ${VAR}} in the compose file against the project environment: a variable that is set
 * nowhere ({@code env-var-missing}, critical when it is required) and a reference Compose cannot
 * parse ({@code interpolation-invalid}). {@code DASHSCOPE_API_KEY} is left to {@link ApiKeyCheck}.
 */
final class InterpolationCheck implements ProjectCheck {

    @Override
    public List<Finding> check(Project p) {
        if (!p.hasCompose()) {
            return List.of();
        }
        ComposeFile compose = p.compose();
        List<Finding> out = new ArrayList<>();
        for (ComposeFile.Value v : compose.values()) {
            try {
                Interpolation.resolve(v.text(), p::value, ref -> {
                    if (ref.missing() && !ApiKeyCheck.DASHSCOPE.equals(ref.name())) {
                        out.add(missing(p, v, ref));
                    }
                });
            } catch (Interpolation.InvalidException e) {
                out.add(FindingTexts.finding("interpolation-invalid", compose.file(), v.line(),
                        "where", compose.file() + ":" + v.line(), "problem", "invalid interpolation format ${...}",
                        "problem@zh", "变量引用格式无效 ${...}"));
            }
        }
        return out;
    }

    private static Finding missing(Project p, ComposeFile.Value v, Interpolation.Ref ref) {
        boolean required = ref.kind() == Interpolation.Kind.REQUIRED_NON_EMPTY || ref.kind() == Interpolation.Kind.REQUIRED_SET;
        String error = ref.error().isEmpty() ? "${" + ref.name() + ":?}" : "\"" + ref.error() + "\"";
        return FindingTexts.finding("env-var-missing", p.compose().file(), v.line(), "var", ref.name(),
                "compose", p.compose().file(), "envfile", p.envName(),
                "how", required ? "; it is required (" + error + "), so Compose refuses to start" : "; Compose will use an empty string",
                "how@zh", required ? "；它是必填的（" + error + "），Compose 将拒绝启动" : "；Compose 将使用空字符串");
    }

    /** Names of every variable the compose file refers to (up to an invalid reference in a value). */
    static Set<String> referenced(Project p) {
        Set<String> names = new TreeSet<>();
        if (p.hasCompose()) {
            for (ComposeFile.Value v : p.compose().values()) {
                try {
                    Interpolation.resolve(v.text(), p::value, ref -> names.add(ref.name()));
                } catch (Interpolation.InvalidException e) {
                    // reported by check()
                }
            }
        }
        return names;
    }
}
