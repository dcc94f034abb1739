package io.dockmedic.doctor;

import io.dockmedic.compose.ComposeFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A PostgreSQL URL against the database it points at: the password and user in the URL must be
 * what the postgres service is given ({@code POSTGRES_PASSWORD}, {@code POSTGRES_USER}, default
 * {@code postgres}); without a compose file, the env file is checked against itself. Values are
 * compared in memory only; findings name the variables and where they are.
 */
final class PostgresCredentialsCheck implements ProjectCheck {

    @Override
    public List<Finding> check(Project p) {
        List<Finding> out = new ArrayList<>();
        for (Project.Url u : p.urls()) {
            if (u.parsed() != null && u.kind().equals("postgres")) {
                compare(p, u.var(), u.parsed(), out);
            }
        }
        return out;
    }

    private static void compare(Project p, Var url, ServiceUrl parsed, List<Finding> out) {
        Map<String, Var> target;
        String targetName;
        if (!p.hasCompose()) {
            target = p.receivers().get("");
            targetName = p.envName();
        } else {
            ComposeFile.Service s = parsed.loopback() ? onlyPostgres(p) : p.serviceAnswering(parsed.host());
            if (s == null) {
                return;
            }
            target = p.serviceEnv().get(s.name());
            targetName = s.name();
        }
        Var password = target.get("POSTGRES_PASSWORD");
        if (password == null || password.value() == null || target.containsKey("POSTGRES_PASSWORD_FILE")) {
            return;
        }
        if (parsed.password() != null && !Objects.equals(parsed.password(), password.value())) {
            out.add(FindingTexts.finding("postgres-password-mismatch", url.file(), url.line(), "var", url.name(), "where", url.where(),
                    "service", targetName, "other", password.where()));
        }
        Var user = target.get("POSTGRES_USER");
        String expected = user == null || user.value() == null || user.value().isEmpty() ? "postgres" : user.value();
        if (!parsed.user().isEmpty() && !parsed.user().equals(expected)) {
            out.add(FindingTexts.finding("postgres-user-mismatch", url.file(), url.line(), "var", url.name(), "where", url.where(),
                    "user", parsed.user(), "expected", expected, "service", targetName,
                    "other", user == null ? "not set" : user.where()));
        }
    }

    /** The one service given a POSTGRES_PASSWORD, or null when there are none or several. */
    private static ComposeFile.Service onlyPostgres(Project p) {
        List<ComposeFile.Service> pg = p.compose().services().values().stream()
                .filter(s -> p.serviceEnv().get(s.name()).containsKey("POSTGRES_PASSWORD")).toList();
        return pg.size() == 1 ? pg.get(0) : null;
    }
}
