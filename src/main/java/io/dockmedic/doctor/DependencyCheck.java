package io.dockmedic.doctor;

import io.dockmedic.compose.ComposeFile;
import io.dockmedic.rules.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code depends_on} against the services and their healthchecks: a dependency on a service that
 * does not exist, a {@code service_started} wait on a service that has a healthcheck, and a wait
 * on a service without one (in the compose file, its Dockerfile, or an official database image,
 * which has none): with {@code service_healthy} Compose refuses to start.
 */
final class DependencyCheck implements ProjectCheck {
    private static final Set<String> DB_IMAGES = Set.of("postgres", "redis", "mysql", "mariadb", "mongo", "rabbitmq");
    private static final Pattern HEALTHCHECK = Pattern.compile("(?im)^\\s*HEALTHCHECK\\s+(?!NONE)");

    @Override
    public List<Finding> check(Project p) {
        if (!p.hasCompose()) {
            return List.of();
        }
        ComposeFile compose = p.compose();
        String names = String.join(", ", compose.services().keySet());
        List<Finding> out = new ArrayList<>();
        for (ComposeFile.Service s : compose.services().values()) {
            for (ComposeFile.Dependency d : s.dependsOn()) {
                ComposeFile.Service dep = compose.services().get(d.service());
                if (dep == null) {
                    out.add(FindingTexts.finding("depends-on-unknown-service", compose.file(), d.line(), "service", s.name(),
                            "dep", d.service(), "compose", compose.file(), "names", names));
                } else if (dep.healthcheck() > 0 && "service_started".equals(d.condition())) {
                    out.add(FindingTexts.finding("depends-on-without-health-condition", compose.file(), d.line(), "service", s.name(), "dep", dep.name()));
                } else if (dep.healthcheck() == 0 && (d.healthy() || dbImage(dep))) {
                    waitedOn(p, s, d, dep, out);
                }
            }
        }
        return out;
    }

    private static void waitedOn(Project p, ComposeFile.Service s, ComposeFile.Dependency d, ComposeFile.Service dep, List<Finding> out) {
        String image = "";
        String imageZh = "";
        if (dep.buildContext() != null) {
            Path dockerfile = p.composeDir().resolve(dep.buildContext()).resolve(dep.dockerfile() == null ? "Dockerfile" : dep.dockerfile());
            try {
                if (Files.isRegularFile(dockerfile) && HEALTHCHECK.matcher(Files.readString(dockerfile, StandardCharsets.UTF_8)).find()) {
                    return; // the image it builds has a healthcheck
                }
                image = " or in its Dockerfile";
                imageZh = "，其 Dockerfile 中也没有";
            } catch (IOException e) {
                image = "";
            }
        } else if (dep.image() != null && !dbImage(dep)) {
            image = " (its image " + dep.image() + " may define a HEALTHCHECK)";
            imageZh = "（其镜像 " + dep.image() + " 可能自带 HEALTHCHECK）";
        }
        boolean sure = dep.buildContext() != null || dbImage(dep);
        Severity severity = d.healthy() && sure ? Severity.CRITICAL : Severity.WARNING;
        String how = d.healthy() ? " with condition: service_healthy" + (sure ? " (Compose fails: dependency has no healthcheck)" : "") : "";
        String howZh = d.healthy() ? "（condition: service_healthy" + (sure ? "，Compose 会报错：dependency has no healthcheck" : "") + "）" : "";
        out.add(FindingTexts.finding("waited-on-without-healthcheck", severity, p.compose().file(), d.line(), "service", s.name(),
                "dep", dep.name(), "how", how, "how@zh", howZh, "compose", p.compose().file(), "image", image, "image@zh", imageZh));
    }

    /** An official database/cache image, which has no HEALTHCHECK of its own. */
    private static boolean dbImage(ComposeFile.Service s) {
        if (s.image() == null) {
            return false;
        }
        String name = s.image().replaceFirst("^(?:docker\\.io/)?(?:library/)?", "").replaceFirst("[:@].*$", "");
        return DB_IMAGES.contains(name);
    }
}
