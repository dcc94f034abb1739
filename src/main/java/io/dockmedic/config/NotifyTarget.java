package io.dockmedic.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One direct notification channel of {@code notify.targets}: its name (the {@code target} label of
 * {@code dockmedic_notifications_total}), its type, where it sends ({@link Endpoint}: the URL and
 * token may be secrets and are never printed), which diagnoses it wants ({@link Filter}) and how many
 * messages a minute it may get at most.
 */
public record NotifyTarget(String name, Type type, Endpoint endpoint, Filter filter, int maxPerMinute) {

    public NotifyTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(filter, "filter");
    }

    /** The fields a generic webhook's template may name as {@code {{field}}} inside its JSON strings. */
    public static final Set<String> PLACEHOLDERS = Set.of("kind", "title", "cause", "remedy", "evidence", "text",
            "severity", "category", "rule", "project", "service", "container", "link");

    /** The contract's target types, spelled as in the config file. */
    public enum Type {
        SLACK, DISCORD, NTFY, GOTIFY, TELEGRAM, EMAIL, WEBHOOK;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The lowest severity a target wants, as in the config file. */
    public enum MinSeverity {
        INFO, WARNING, CRITICAL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where and how a target sends.
     *
     * @param url       the webhook or server URL (a secret: Slack and Discord URLs hold the token)
     * @param tokenFile a file holding the Gotify app token or the Telegram bot token (read at start)
     * @param chatId    Telegram's chat id, else empty
     * @param template  the generic webhook's JSON body with {@code {{field}}} placeholders, else empty
     * @param mail      an email target's sender, recipients and SMTP user (its password is the token file)
     */
    public record Endpoint(Optional<URI> url, Optional<Path> tokenFile, String chatId, String template, Optional<Mail> mail) {
        public Endpoint {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(tokenFile, "tokenFile");
            Objects.requireNonNull(chatId, "chatId");
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(mail, "mail");
        }

        /** Not an email target. */
        public Endpoint(Optional<URI> url, Optional<Path> tokenFile, String chatId, String template) {
            this(url, tokenFile, chatId, template, Optional.empty());
        }

        @Override
        public String toString() {
            return "Endpoint[url=" + url.map(u -> u.getScheme() + "://" + u.getHost() + "/***").orElse("")
                    + ", tokenFile=" + tokenFile.map(Path::toString).orElse("") + "]";
        }
    }

    /**
     * An email target's envelope: {@code from}, {@code to} (one or more), and the SMTP {@code username}
     * (empty: no login). The server is the target's {@code url}, {@code smtp://host:port} (STARTTLS when
     * offered) or {@code smtps://host:port} (TLS from the start).
     */
    public record Mail(String from, java.util.List<String> to, String username) {
        public Mail {
            to = java.util.List.copyOf(to);
        }
    }

    /**
     * Which diagnoses a target gets: at least {@code minSeverity}, and, when a set is not empty, only
     * those categories (contract spelling), compose projects and services.
     */
    public record Filter(MinSeverity minSeverity, Set<String> categories, Set<String> projects, Set<String> services) {
        public Filter {
            categories = Set.copyOf(categories);
            projects = Set.copyOf(projects);
            services = Set.copyOf(services);
        }

        public static Filter all() {
            return new Filter(MinSeverity.INFO, Set.of(), Set.of(), Set.of());
        }
    }
}
