package io.dockmedic.doctor;

import io.dockmedic.text.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code registry-mirrors} of a daemon.json: one dockerd would reject
 * ({@code registry-mirror-invalid}); offline, each valid one is noted
 * ({@code registry-mirror-configured}); online, each is probed with a {@link MirrorProbe} and what
 * the probe found is reported. URLs are shown redacted.
 */
final class MirrorCheck {

    /**
     * What the check found and one row per mirror for the "checked" part of the report.
     *
     * @param rows {@code mirror} (redacted URL), {@code line}, {@code probe} (outcome in words)
     */
    record Result(List<Finding> findings, List<Map<String, Object>> rows) {
    }

    private MirrorCheck() {
    }

    /** Checks every mirror; probes over the network only when {@code online}. */
    static Result check(DaemonConfig daemon, boolean online, Duration probeTimeout) {
        List<Finding> findings = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (MirrorProbe probe = online ? new MirrorProbe(probeTimeout) : null) {
            for (DaemonConfig.Mirror m : daemon.mirrors()) {
                String shown = Redactor.generic().redact(m.url());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("mirror", shown);
                row.put("line", m.line());
                rows.add(row);
                String invalid = invalidMirror(m.url());
                if (invalid != null) {
                    findings.add(FindingTexts.finding("registry-mirror-invalid", daemon.file(), m.line(), "mirror", shown, "problem", invalid));
                    row.put("probe", "not probed: invalid");
                } else if (probe == null) {
                    findings.add(FindingTexts.finding("registry-mirror-configured", daemon.file(), m.line(), "mirror", shown, "file", daemon.file()));
                    row.put("probe", "not probed (offline)");
                } else {
                    MirrorProbe.Outcome o = probe.probe(m.url());
                    row.put("probe", o.finding() == null ? "ok: " + o.detail() : o.detail());
                    if (o.finding() != null) {
                        findings.add(FindingTexts.finding(o.finding(), daemon.file(), m.line(), "mirror", shown, "detail", o.detail(),
                                "detail@zh", o.detailZh(), "problem", o.detail(), "problem@zh", o.detailZh()));
                    }
                }
            }
        }
        return new Result(findings, rows);
    }

    /** Why dockerd would reject this mirror, or null when it is a valid mirror URL. */
    static String invalidMirror(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return "not a URL";
        }
        if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
            return "it must start with https:// or http://";
        }
        if (u.getHost() == null) {
            return "it names no host";
        }
        if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
            return "it must not have a path";
        }
        return null;
    }
}
