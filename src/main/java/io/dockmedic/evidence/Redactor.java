package io.dockmedic.evidence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is stored, logged, exported or printed: known secret values
 * (the container's own env values whose names look secret, and passwords inside URL-valued env
 * vars), passwords in URLs, NAME=value assignments whose name looks secret, {@code sk-} API keys,
 * bearer/basic credentials and JWTs. The patterns have no nested quantifiers, so they run in linear
 * time on the (already length-capped) lines they see.
 *
 * <p>An assignment keeps its value only when the value cannot be a secret and says something:
 * yes/no/true/false/null/empty and the like ({@code (using password: YES)}), an HTTP status with its
 * reason phrase ({@code token: 401 Unauthorized}), a word of the sentence that goes on after it
 * ({@code oauth token: unexpected status}), or an already masked value. Anything else is masked.
 */
public final class Redactor {
    public static final String MASK = "***";

    /** Env var names whose values are secrets. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|_KEY|CREDENTIAL|AUTH|DSN|URL|URI).*");
    private static final Pattern URL_PASSWORD = Pattern.compile(
            "([a-zA-Z][a-zA-Z0-9+.\\-]{0,20}://[^:/@\\s\"']{0,200}):([^@\\s\"'/]{1,200})@");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "((?i:[A-Za-z0-9_.\\-]{0,60}(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?))"
                    + "|[A-Z0-9_]{0,60}_KEY)"
                    + "([\"']?[ \\t]{0,5}[=:][ \\t]{0,5})(\"[^\"]{0,500}\"|'[^']{0,500}'|[^\\s\"',;&}]{1,500})");
    /** Values that are never secrets (lowercase, trailing punctuation removed). */
    private static final Set<String> NOT_SECRETS = Set.of(
            "yes", "no", "true", "false", "on", "off", "null", "nil", "none", "empty", "undefined", "unset",
            "n/a", "redacted", "hidden", "masked", "<redacted>", "[redacted]", "<hidden>", MASK);
    /** Words that, followed by more words, start a sentence rather than a secret. */
    private static final Set<String> SENTENCE_WORDS = Set.of(
            "a", "an", "the", "is", "was", "are", "were", "has", "have", "had", "not", "must", "should", "cannot",
            "could", "would", "will", "does", "did", "for", "of", "from", "in", "on", "at", "to", "with", "without",
            "and", "or", "unable", "failed", "failure", "error", "invalid", "unexpected", "expired", "missing",
            "required", "unknown", "rejected", "denied", "mismatch", "incorrect", "wrong", "malformed", "bad", "too",
            "set", "found", "provided", "given", "received", "request", "refresh", "verification", "validation");
    /** Every match of ASSIGNMENT contains one of these (lowercase). */
    private static final List<String> ASSIGNMENT_WORDS = List.of("pass", "pwd", "secret", "token", "key", "credential");
    private static final Pattern HTTP_STATUS = Pattern.compile("[1-5]\\d\\d");
    private static final Pattern REASON_PHRASE = Pattern.compile("[ \t]+[A-Z][A-Za-z]+");
    private static final Pattern NEXT_WORD = Pattern.compile("[ \t]+\\p{L}");
    private static final Pattern SK_KEY = Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{16,}");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)[ \\t]+[A-Za-z0-9._~+/=\\-]{8,}");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{4,}");

    private static final Redactor DEFAULT = new Redactor(List.of());

    private final List<String> secretValues;

    private Redactor(Collection<String> secretValues) {
        List<String> values = new ArrayList<>();
        for (String v : secretValues) {
            if (v != null && v.length() >= 4 && !values.contains(v)) {
                values.add(v);
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        this.secretValues = List.copyOf(values);
    }

    /** A redactor with only the generic patterns. */
    public static Redactor generic() {
        return DEFAULT;
    }

    /**
     * A redactor that also masks this container's secret env values wherever they appear.
     *
     * @param env the container's environment (NAME to value); values are kept only inside this object
     */
    public static Redactor forEnv(Map<String, String> env) {
        return forEnvs(List.of(env));
    }

    /** A redactor that masks the secret env values of several containers (a whole stack) everywhere. */
    public static Redactor forEnvs(Collection<Map<String, String>> envs) {
        List<String> secrets = new ArrayList<>();
        for (Map<String, String> env : envs) {
            addSecrets(env, secrets);
        }
        return new Redactor(secrets);
    }

    private static void addSecrets(Map<String, String> env, List<String> secrets) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            String value = e.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            Matcher url = URL_PASSWORD.matcher(value);
            while (url.find()) {
                secrets.add(url.group(2));
            }
            if (SECRET_NAME.matcher(e.getKey()).matches() && !value.contains("://")) {
                secrets.add(value);
            }
        }
    }

    private static boolean containsAny(String text, List<String> words) {
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secretValues) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        // each pattern runs only on text holding the literal every one of its matches contains: most
        // log lines hold none, and the patterns (ASSIGNMENT above all) are costly to try everywhere
        if (out.contains("://") && out.indexOf('@') >= 0) {
            out = URL_PASSWORD.matcher(out).replaceAll("$1:" + MASK + "@");
        }
        String lower = out.toLowerCase(Locale.ROOT);
        if (containsAny(lower, ASSIGNMENT_WORDS)) {
            String before = out;
            out = ASSIGNMENT.matcher(before).replaceAll(m -> Matcher.quoteReplacement(isSecret(m.group(2), m.group(3), before, m.end())
                    ? m.group(1) + m.group(2) + masked(m.group(3)) : m.group()));
        }
        if (out.contains("sk-")) {
            out = SK_KEY.matcher(out).replaceAll("sk-" + MASK);
        }
        if (lower.contains("bearer") || lower.contains("basic")) {
            out = BEARER.matcher(out).replaceAll("$1 " + MASK);
        }
        if (out.contains("eyJ")) {
            out = JWT.matcher(out).replaceAll(MASK);
        }
        return out;
    }

    /**
     * Whether an assignment's value (as matched, quotes included) may be a secret; {@code end}: where
     * it ends in {@code text}. A value cut short by the mask keeps no trailing bracket: it may be the secret's.
     */
    private static boolean isSecret(String separator, String value, String text, int end) {
        boolean quoted = value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0);
        String core = quoted ? value.substring(1, value.length() - 1) : value;
        int cut = core.length();
        while (cut > 0 && ").]>:".indexOf(core.charAt(cut - 1)) >= 0) {
            cut--;
        }
        core = core.substring(0, cut);
        String lower = core.toLowerCase(Locale.ROOT);
        if (core.isEmpty() || NOT_SECRETS.contains(lower) || core.chars().allMatch(c -> c == '*')) {
            return false;
        }
        if (quoted || cut < value.length()) {
            return true; // a quoted value, or one that ends the phrase: nothing follows to judge by
        }
        Matcher next = (HTTP_STATUS.matcher(core).matches() ? REASON_PHRASE : NEXT_WORD).matcher(text);
        next.region(end, text.length());
        boolean sentence = SENTENCE_WORDS.contains(lower) && separator.indexOf(':') >= 0; // "x: y z", not "X=y z"
        return !(next.lookingAt() && (sentence || HTTP_STATUS.matcher(core).matches()));
    }

    private static String masked(String value) {
        char q = value.charAt(0);
        if ((q == '"' || q == '\'') && value.length() >= 2 && value.charAt(value.length() - 1) == q) {
            return q + MASK + q;
        }
        return MASK;
    }

    public List<String> redactAll(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            out.add(redact(l));
        }
        return out;
    }
}
