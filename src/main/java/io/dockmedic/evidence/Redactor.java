package io.dockmedic.evidence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is stored, logged, exported or printed: known secret values
 * (the container's own env values whose names look secret, and passwords inside URL-valued env
 * vars), passwords in URLs, NAME=value assignments whose name looks secret, {@code sk-} API keys,
 * bearer/basic credentials and JWTs. The patterns have no nested quantifiers, so they run in linear
 * time on the (already length-capped) lines they see.
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
        out = URL_PASSWORD.matcher(out).replaceAll("$1:" + MASK + "@");
        out = ASSIGNMENT.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + masked(m.group(3))));
        out = SK_KEY.matcher(out).replaceAll("sk-" + MASK);
        out = BEARER.matcher(out).replaceAll("$1 " + MASK);
        out = JWT.matcher(out).replaceAll(MASK);
        return out;
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
