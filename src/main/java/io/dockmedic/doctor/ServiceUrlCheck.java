package io.dockmedic.doctor;

import io.dockmedic.compose.ComposeFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Database and cache URLs a service receives: one Compose cannot have meant
 * ({@code database-url-invalid}; an invalid Redis URL is left alone), one that points at the
 * container itself ({@code *-url-localhost}, unless the service uses the host's network) and a bare
 * host name no service of the compose file answers to ({@code *-url-unknown-host}).
 */
final class ServiceUrlCheck implements ProjectCheck {

    @Override
    public List<Finding> check(Project p) {
        List<Finding> out = new ArrayList<>();
        for (Project.Url u : p.urls()) {
            Var v = u.var();
            boolean redis = u.kind().equals("redis");
            if (u.parsed() == null) {
                if (!redis) {
                    out.add(FindingTexts.finding("database-url-invalid", v.file(), v.line(), "var", v.name(), "where", v.where(), "problem", u.problem()));
                }
                continue;
            }
            ServiceUrl url = u.parsed();
            String prefix = redis ? "redis-url-" : "database-url-";
            ComposeFile.Service service = p.hasCompose() ? p.compose().services().get(u.service()) : null;
            if (url.loopback() && (service == null || !"host".equals(service.networkMode()))) {
                out.add(FindingTexts.finding(prefix + "localhost", v.file(), v.line(), "var", v.name(), "where", v.where(),
                        "host", url.host(), "suggest", suggestion(p, u.kind(), url)));
            } else if (p.hasCompose() && url.bareName() && p.serviceAnswering(url.host()) == null) {
                out.add(FindingTexts.finding(prefix + "unknown-host", v.file(), v.line(), "var", v.name(), "where", v.where(),
                        "host", url.host(), "compose", p.compose().file(), "names", String.join(", ", p.compose().services().keySet()),
                        "suggest", suggestion(p, u.kind(), url)));
            }
        }
        return out;
    }

    /** ": redis://redis:6379/0"-style hint with the service that looks like the target, or "". */
    private static String suggestion(Project p, String kind, ServiceUrl url) {
        if (!p.hasCompose()) {
            return "";
        }
        for (ComposeFile.Service s : p.compose().services().values()) {
            String image = s.image() == null ? "" : s.image().toLowerCase(Locale.ROOT);
            if (image.contains(kind) || s.name().toLowerCase(Locale.ROOT).contains(kind)) {
                return " (here: '" + s.name() + "', e.g. " + url.toString().replace(url.host(), s.name()) + ")";
            }
        }
        return "";
    }
}
