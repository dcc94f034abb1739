package io.dockmedic.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removes secrets from text before it is stored, logged, exported or printed: known secret values
 * (the container's own env values whose names look secret, and passwords inside URL-valued env
 * vars), passwords in URLs (a raw {@code @} inside the password included), NAME=value assignments
 * whose name looks secret ({@code *_PASS}, {@code *_PW}, {@code SECRET_KEY_BASE}, {@code 密码} ...),
 * {@code Authorization}/{@code Cookie}/{@code Set-Cookie} header values, bearer/basic credentials,
 * command-line passwords ({@code --password X}, {@code mysql -pX}, {@code redis-cli -a X},
 * {@code curl -u user:X}), tokens recognised by their prefix (GitHub, GitLab, Slack, Stripe, Google,
 * OpenAI, Anthropic, npm, PyPI, SendGrid, Twilio, JWT, AWS, Heroku, DigitalOcean, Vault, Docker Hub
 * ...), Slack and Discord webhook URLs, long base64 blobs, and PEM private key blocks (also their
 * body lines: a {@link Session} remembers an open block across the lines of one collection).
 *
 * <p>Everything here is one forward pass (or a few) over the line with bounded look-back: linear
 * time on attacker-made lines. Written by hand, not with regular expressions: java.util.regex
 * backtracks (27 s of CPU for 200 lines of {@code GET /KEYSKEYS...}), and RE2/J, linear but an NFA
 * simulation, still spent 9 s on the same input with the counted repetitions a secret-name pattern
 * needs. Each detector first looks for its literal (a separator, {@code ://}, a prefix at a word
 * start), so a normal line costs a few character comparisons per character.
 *
 * <p>An assignment keeps its value only when the value cannot be a secret and says something:
 * yes/no/true/false/null/empty and the like ({@code (using password: YES)}), an HTTP status with its
 * reason phrase ({@code token: 401 Unauthorized}), a word of the sentence that goes on after it
 * ({@code oauth token: unexpected status}), or an already masked value. Anything else is masked.
 */
public final class Redactor {
    public static final String MASK = "***";

    /** Name endings (lowercase) that make an assignment's value a secret. */
    private static final List<String> SECRET_SUFFIXES = List.of(
            "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "api_key", "api-key",
            "accesskey", "access_key", "access-key", "privatekey", "private_key", "private-key", "secretkey",
            "secret_key", "secret-key", "accountkey", "credential", "credentials", "密码", "口令", "密钥", "令牌");
    /** Last name segments (lowercase) that make it a secret when the name has several: DB_PASS, mysql.pw. */
    private static final Set<String> SECRET_LAST_SEGMENTS = Set.of("pass", "pw", "pwd", "passwd", "password");
    /** Segments of an UPPER_CASE env-style name that make it a secret: SECRET_KEY_BASE, TOKEN_FILE_X, API_KEY_ID. */
    private static final Set<String> SECRET_ENV_SEGMENTS = Set.of(
            "PASSWORD", "PASSWD", "PASS", "PWD", "PW", "SECRET", "SECRETS", "TOKEN", "KEY", "APIKEY", "CREDENTIAL",
            "CREDENTIALS", "PRIVATE", "PASSPHRASE");
    /** Env var names holding one of these (uppercase) have secret values. */
    private static final List<String> SECRET_ENV_WORDS = List.of(
            "PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "ACCESSKEY", "ACCESS_KEY",
            "PRIVATEKEY", "PRIVATE_KEY", "_KEY", "CREDENTIAL", "AUTH", "DSN", "URL", "URI", "COOKIE", "_PW");
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
    /** Command-line options whose next argument is a secret (the {@code --opt=value} form is an assignment). */
    private static final List<String> SECRET_OPTIONS = List.of(
            "--password", "--passwd", "--pass", "--pw", "--token", "--secret", "--api-key", "--apikey", "--access-key",
            "--secret-key", "--client-secret", "--auth-token", "--private-key", "--passphrase");
    private static final int MAX_NAME = 64;
    private static final int MAX_QUOTED = 500;

    private static final Redactor DEFAULT = new Redactor(List.of());

    private final List<String> secretValues;

    private Redactor(Collection<String> secretValues) {
        List<String> values = new ArrayList<>();
        for (String value : secretValues) {
            // a log line never holds a line break: a multi-line value (a key) shows up line by line
            for (String v : value == null ? new String[0] : value.split("\\R")) {
                v = v.strip();
                if (v.length() >= 4 && !values.contains(v)) {
                    values.add(v);
                }
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
            Spans spans = new Spans();
            urlPasswords(value, spans);
            for (int i = 0; i < spans.size; i++) {
                secrets.add(value.substring(spans.starts[i], spans.ends[i]));
            }
            if (secretEnvName(e.getKey()) && !value.contains("://")) {
                secrets.add(value);
            }
        }
    }

    private static boolean secretEnvName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String w : SECRET_ENV_WORDS) {
            if (upper.contains(w)) {
                return true;
            }
        }
        return upper.endsWith("PW");
    }

    /** A redactor's state across the lines of one text: whether a PEM private key block is open. */
    public final class Session {
        private boolean inPrivateKey;

        private Session() {
        }

        /** One line, redacted; a private key block opened on an earlier line masks this one until its END line. */
        public String redact(String line) {
            if (line == null || line.isEmpty()) {
                return line;
            }
            String out = line;
            for (String secret : secretValues) {
                if (out.contains(secret)) {
                    out = out.replace(secret, MASK);
                }
            }
            Spans spans = new Spans();
            int from = 0;
            if (inPrivateKey) {
                int end = out.indexOf("-----END");
                if (end < 0) {
                    return MASK;
                }
                spans.add(0, end);
                inPrivateKey = false;
                from = end;
            }
            inPrivateKey = privateKeys(out, from, spans);
            if (out.contains("://")) {
                urlPasswords(out, spans);
            }
            if (mayAssign(out)) {
                assignments(out, spans);
            }
            words(out, spans);
            anchored(out, spans);
            return spans.apply(out);
        }

        /**
         * The line for a reader that redacts only the few lines it keeps ({@code diagnose --log}
         * scans every line but keeps a handful): a line inside or opening a private key block is
         * redacted now, since whether it is secret depends on the lines before it; every other line
         * comes back unchanged, and {@link Redactor#redact(String)} of it when kept gives exactly what
         * {@link #redact(String)} would give now. The lines must come in order, as for {@code redact}.
         */
        public String deferred(String line) {
            return inPrivateKey || line != null && line.contains("-----BEGIN") ? redact(line) : line;
        }
    }

    /** A session: redact the lines of one text in order with it. */
    public Session session() {
        return new Session();
    }

    /** One line (or a text) with no state kept: a private key block still open at its end is masked to the end. */
    public String redact(String text) {
        return new Session().redact(text);
    }

    /** The lines of one text, in order: a private key block spanning lines is masked whole. */
    public List<String> redactAll(List<String> lines) {
        Session s = new Session();
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            out.add(s.redact(l));
        }
        return out;
    }

    // ------------------------------------------------------------------ spans to mask

    /** Ranges of a line to replace with the mask; overlapping or touching ones merge. */
    private static final class Spans {
        int[] starts = new int[4];
        int[] ends = new int[4];
        int size;

        void add(int start, int end) {
            if (end <= start) {
                return;
            }
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
            }
            starts[size] = start;
            ends[size] = end;
            size++;
        }

        String apply(String text) {
            if (size == 0) {
                return text;
            }
            long[] sorted = new long[size];
            for (int i = 0; i < size; i++) {
                sorted[i] = (long) starts[i] << 32 | ends[i];
            }
            Arrays.sort(sorted);
            StringBuilder sb = new StringBuilder(text.length());
            int copied = 0;
            int k = 0;
            while (k < size) {
                int start = (int) (sorted[k] >>> 32);
                int end = (int) sorted[k];
                k++;
                while (k < size && (int) (sorted[k] >>> 32) <= end) {
                    end = Math.max(end, (int) sorted[k]);
                    k++;
                }
                sb.append(text, copied, start).append(MASK);
                copied = end;
            }
            return sb.append(text, copied, text.length()).toString();
        }
    }

    // ------------------------------------------------------------------ PEM private keys

    /** Masks private key material from {@code from} on; true when a block stays open at the end of the line. */
    private static boolean privateKeys(String s, int from, Spans spans) {
        boolean open = false;
        int i = from;
        while (true) {
            int begin = s.indexOf("-----BEGIN", i);
            if (begin < 0) {
                return open;
            }
            int headerEnd = s.indexOf("-----", begin + 10);
            if (headerEnd < 0) {
                return open;
            }
            headerEnd += 5;
            if (!s.substring(begin, headerEnd).contains("PRIVATE KEY")) {
                i = headerEnd;
                continue;
            }
            int end = s.indexOf("-----END", headerEnd);
            if (end < 0) {
                spans.add(headerEnd, s.length());
                return true;
            }
            spans.add(headerEnd, end);
            i = end + 8;
        }
    }

    // ------------------------------------------------------------------ URL passwords

    /**
     * The password of every {@code scheme://user:password@host}: from the first {@code :} of the
     * user info to the last {@code @} before the path (a raw {@code @} in a password is common). One
     * forward pass: each character is looked at once or twice.
     */
    private static void urlPasswords(String s, Spans spans) {
        int n = s.length();
        int i = s.indexOf("://");
        while (i >= 0) {
            int j = i + 3;
            int colon = -1;
            while (j < n && !urlEnd(s.charAt(j)) && s.charAt(j) != '@') {
                char c = s.charAt(j);
                if (c == ':' && colon < 0) {
                    colon = j;
                } else if ((c == '/' || c == '?' || c == '#') && (colon < 0 || digitsOnly(s, colon + 1, j))) {
                    break; // a path before any user info, or after host:port
                }
                j++;
            }
            int next = j;
            if (j < n && s.charAt(j) == '@' && colon >= 0) {
                int lastAt = j;
                int k = j + 1;
                while (k < n && !urlEnd(s.charAt(k)) && "/?#".indexOf(s.charAt(k)) < 0) {
                    if (s.charAt(k) == '@') {
                        lastAt = k;
                    }
                    k++;
                }
                spans.add(colon + 1, lastAt);
                next = lastAt + 1;
            }
            i = s.indexOf("://", Math.max(next, i + 3));
        }
    }

    private static boolean digitsOnly(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!Character.isDigit(s.charAt(k))) {
                return false;
            }
        }
        return to > from;
    }

    private static boolean urlEnd(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == ',';
    }

    // ------------------------------------------------------------------ NAME=value assignments and headers

    private static boolean nameChar(char c) {
        return c == '_' || c == '.' || c == '-' || (c < 0x80 ? Character.isLetterOrDigit(c) : Character.isLetter(c));
    }

    private static void assignments(String s, Spans spans) {
        for (int sep = 0; sep < s.length(); sep++) {
            char c = s.charAt(sep);
            if (c != '=' && c != ':' && c != '：') {
                continue;
            }
            if (c == ':' && s.startsWith("//", sep + 1)) {
                continue; // a URL, not a name: its password is handled above
            }
            int j = sep;
            int blanks = 0;
            while (j > 0 && (s.charAt(j - 1) == ' ' || s.charAt(j - 1) == '\t') && blanks < 6) {
                j--;
                blanks++;
            }
            if (blanks > 5) {
                continue;
            }
            if (j > 0 && (s.charAt(j - 1) == '"' || s.charAt(j - 1) == '\'')) {
                j--;
            }
            int nameEnd = j;
            while (j > 0 && nameEnd - j < MAX_NAME && nameChar(s.charAt(j - 1))) {
                j--;
            }
            if (j == nameEnd) {
                continue;
            }
            String name = s.substring(j, nameEnd);
            String lower = name.toLowerCase(Locale.ROOT);
            int v = sep + 1;
            int spaces = 0;
            while (v < s.length() && (s.charAt(v) == ' ' || s.charAt(v) == '\t') && spaces < 6) {
                v++;
                spaces++;
            }
            if (spaces > 5 || v >= s.length()) {
                continue;
            }
            int end = -1;
            if (lower.endsWith("authorization")) {
                end = authorization(s, sep, v, spans);
            } else if (lower.equals("cookie") || lower.equals("set-cookie")) {
                end = v;
                while (end < s.length() && s.charAt(end) != '"') {
                    end++;
                }
                spans.add(v, end);
            } else if (secretName(name, lower)) {
                end = value(s, sep, v, spans);
            }
            sep = Math.max(sep, end - 1); // go on behind the value: each character is looked at once
        }
    }

    /** Every secret name holds one of these (lowercase): most lines hold none and skip the assignment scan. */
    private static final List<String> NAME_WORDS = List.of(
            "pass", "pw", "secret", "token", "key", "credential", "private", "authorization", "cookie", "密码", "口令", "密钥", "令牌");

    private static boolean mayAssign(String s) {
        if (s.indexOf('=') < 0 && s.indexOf(':') < 0 && s.indexOf('：') < 0) {
            return false;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        for (String w : NAME_WORDS) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean secretName(String name, String lower) {
        for (String suffix : SECRET_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                return true;
            }
        }
        int last = Math.max(name.lastIndexOf('_'), Math.max(name.lastIndexOf('.'), name.lastIndexOf('-')));
        if (last >= 0 && SECRET_LAST_SEGMENTS.contains(lower.substring(last + 1))) {
            return true;
        }
        if (name.indexOf('_') < 0 || !name.equals(name.toUpperCase(Locale.ROOT))) {
            return false;
        }
        int from = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || "_.-".indexOf(name.charAt(i)) >= 0) {
                if (SECRET_ENV_SEGMENTS.contains(name.substring(from, i))) {
                    return true;
                }
                from = i + 1;
            }
        }
        return false;
    }

    /** Authentication schemes of an Authorization header (lowercase): the word after one is the credential. */
    private static final Set<String> SCHEMES = Set.of(
            "basic", "bearer", "digest", "token", "negotiate", "ntlm", "hoba", "mutual", "apikey", "key", "otp");

    /**
     * An Authorization header's value: after a scheme word the credential is masked, the scheme stays;
     * anything else is judged like an assignment's value ({@code authorization: denied for user} stays).
     * Returns where it ends.
     */
    private static int authorization(String s, int sep, int at, Spans spans) {
        int v = at < s.length() && (s.charAt(at) == '"' || s.charAt(at) == '\'') ? at + 1 : at;
        int word = v;
        while (word < s.length() && Character.isLetter(s.charAt(word))) {
            word++;
        }
        if (word == v || word >= s.length() || s.charAt(word) != ' '
                || !SCHEMES.contains(s.substring(v, word).toLowerCase(Locale.ROOT))) {
            return v >= s.length() ? v : value(s, sep, v, spans);
        }
        int cred = skipBlanks(s, word);
        int end = cred;
        if (s.regionMatches(true, v, "digest", 0, 6)) { // name=value, name="value", ...: all of it
            while (end < s.length() && (v == at || s.charAt(end) != s.charAt(at))) {
                end++;
            }
        } else {
            while (end < s.length() && credentialChar(s.charAt(end))) {
                end++;
            }
        }
        spans.add(cred, end);
        return end;
    }

    /** The value of a secret-named assignment at {@code v}: masked unless it cannot be a secret. Returns where it ends. */
    private static int value(String s, int sep, int v, Spans spans) {
        char q = s.charAt(v);
        if (q == '"' || q == '\'') {
            int close = s.indexOf(q, v + 1);
            if (close < 0 || close - v - 1 > MAX_QUOTED) { // unterminated (or cut): everything after the quote
                spans.add(v + 1, s.length());
                return s.length();
            }
            String core = s.substring(v + 1, close);
            if (!core.isEmpty() && !notSecret(core)) {
                spans.add(v + 1, close);
            }
            return close + 1;
        }
        int end = v;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && "\"',;&}，。；、）】」".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        if (end == v) {
            return end;
        }
        String raw = s.substring(v, end);
        int cut = raw.length();
        while (cut > 0 && ").]>:".indexOf(raw.charAt(cut - 1)) >= 0) {
            cut--;
        }
        String core = raw.substring(0, cut);
        if (core.isEmpty() || notSecret(core)) {
            return end;
        }
        if (cut < raw.length()) {
            spans.add(v, end); // a value that ends the phrase: nothing follows to judge by
            return end;
        }
        String lower = core.toLowerCase(Locale.ROOT);
        boolean status = httpStatus(core);
        // "x: y z", not "X=y z"; after a quoted name ("docker-credential-pass": executable file ...) a JSON
        // value would be quoted too: a bare lowercase word that a sentence goes on from is prose
        boolean quotedName = sep > 0 && (s.charAt(sep - 1) == '"' || s.charAt(sep - 1) == '\'');
        boolean sentence = s.charAt(sep) != '=' && (SENTENCE_WORDS.contains(lower)
                || quotedName && core.chars().allMatch(c -> c >= 'a' && c <= 'z'));
        if ((sentence || status) && followedBy(s, end, status)) {
            return end;
        }
        spans.add(v, end);
        return end;
    }

    private static boolean notSecret(String core) {
        return NOT_SECRETS.contains(core.toLowerCase(Locale.ROOT)) || core.chars().allMatch(c -> c == '*');
    }

    private static boolean httpStatus(String s) {
        return s.length() == 3 && s.charAt(0) >= '1' && s.charAt(0) <= '5' && Character.isDigit(s.charAt(1))
                && Character.isDigit(s.charAt(2));
    }

    /** Whether blanks and then a word follow at {@code i} (for a status: a capitalised reason phrase word). */
    private static boolean followedBy(String s, int i, boolean reasonPhrase) {
        int j = i;
        while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
            j++;
        }
        if (j == i || j >= s.length()) {
            return false;
        }
        if (!reasonPhrase) {
            return Character.isLetter(s.charAt(j));
        }
        return s.charAt(j) >= 'A' && s.charAt(j) <= 'Z' && j + 1 < s.length() && Character.isLetter(s.charAt(j + 1));
    }

    // ------------------------------------------------------------------ tokens, schemes and options at word starts

    private static final String ALNUM = "A-Za-z0-9";
    private static final String WORD = "A-Za-z0-9_";
    private static final String DASHED = "A-Za-z0-9_-";
    private static final String DOTTED = "A-Za-z0-9_.-";
    private static final String HEX = "0-9a-fA-F";
    private static final String UPPER = "A-Z0-9";

    /** A token recognised by its prefix: then at least {@code min} (at most {@code max}) characters of a class. */
    private record Token(String prefix, String chars, int min, int max, boolean keepPrefix) {
        Token(String prefix, String chars, int min) {
            this(prefix, chars, min, Integer.MAX_VALUE, true);
        }

        boolean accepts(char c) {
            for (int i = 0; i < chars.length(); i++) {
                char a = chars.charAt(i);
                if (i + 2 < chars.length() && chars.charAt(i + 1) == '-') {
                    if (c >= a && c <= chars.charAt(i + 2)) {
                        return true;
                    }
                    i += 2;
                } else if (c == a) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Formats after gitleaks' default rules (our own patterns): prefix, then the secret part. */
    private static final List<Token> TOKENS = List.of(
            new Token("ghp_", ALNUM, 20), new Token("gho_", ALNUM, 20), new Token("ghu_", ALNUM, 20),
            new Token("ghs_", ALNUM, 20), new Token("ghr_", ALNUM, 20), new Token("github_pat_", WORD, 20),
            new Token("glpat-", DASHED, 16), new Token("glptt-", DASHED, 16), new Token("gldt-", DASHED, 16),
            new Token("glrt-", DASHED, 16), new Token("glcbt-", DASHED, 16), new Token("glsoat-", DASHED, 16),
            new Token("glft-", DASHED, 16), new Token("glimt-", DASHED, 16), new Token("glagent-", DASHED, 16),
            new Token("xoxb-", DASHED, 10), new Token("xoxa-", DASHED, 10), new Token("xoxp-", DASHED, 10),
            new Token("xoxr-", DASHED, 10), new Token("xoxs-", DASHED, 10), new Token("xoxe-", DASHED, 10),
            new Token("xoxe.xoxp-", DASHED, 10), new Token("xapp-", DASHED, 10),
            new Token("sk_live_", ALNUM, 10), new Token("rk_live_", ALNUM, 10), new Token("sk_test_", ALNUM, 10),
            new Token("rk_test_", ALNUM, 10), new Token("whsec_", ALNUM, 20),
            new Token("sk-", DASHED, 16), new Token("AIza", DASHED, 30), new Token("ya29.", DASHED, 30),
            new Token("npm_", ALNUM, 30), new Token("pypi-", DASHED, 40), new Token("SG.", DOTTED, 40),
            new Token("SK", HEX, 32, 32, true), new Token("HRKU-", DASHED, 20),
            new Token("dop_v1_", HEX, 40), new Token("doo_v1_", HEX, 40), new Token("dor_v1_", HEX, 40),
            new Token("hvs.", DASHED, 24), new Token("hvb.", DASHED, 24), new Token("hvr.", DASHED, 24),
            new Token("AKIA", UPPER, 16, 16, true), new Token("ASIA", UPPER, 16, 16, true),
            new Token("ABIA", UPPER, 16, 16, true), new Token("ACCA", UPPER, 16, 16, true),
            new Token("A3T", UPPER, 17, 17, true),
            new Token("shpat_", HEX, 32), new Token("shpss_", HEX, 32), new Token("shpca_", HEX, 32),
            new Token("shppa_", HEX, 32), new Token("hf_", ALNUM, 30), new Token("glsa_", WORD, 32),
            new Token("glc_", DASHED + "=", 32), new Token("PMAK-", DASHED, 40), new Token("dapi", HEX, 32, 32, true),
            new Token("lin_api_", ALNUM, 40), new Token("sntrys_", ALNUM + "+/=_", 40), new Token("dp.pt.", ALNUM, 40),
            new Token("dckr_pat_", DASHED, 20), new Token("rubygems_", HEX, 48), new Token("AGE-SECRET-KEY-1", UPPER, 50),
            new Token("eyJ", DOTTED, 20, Integer.MAX_VALUE, false));
    /** Tokens by their first character. */
    private static final Token[][] TOKENS_BY_CHAR = new Token[128][];

    static {
        for (int c = 0; c < 128; c++) {
            final char first = (char) c;
            List<Token> list = TOKENS.stream().filter(t -> t.prefix().charAt(0) == first).toList();
            TOKENS_BY_CHAR[c] = list.isEmpty() ? null : list.toArray(new Token[0]);
        }
    }

    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WORD[c] = c == '_' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }
    }

    private static boolean wordChar(char c) {
        return c < 0x80 ? ASCII_WORD[c] : Character.isLetter(c);
    }

    /**
     * One pass over the word starts: prefixed tokens, {@code Bearer}/{@code Basic} credentials,
     * secret options and long base64 blobs. After a match the pass goes on behind it: linear time.
     */
    private static void words(String s, Spans spans) {
        Tools tools = null;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (i > 0 && wordChar(s.charAt(i - 1)) || !(wordChar(c) || c == '-' || c == '+' || c == '/')) {
                i++;
                continue;
            }
            int next = -1;
            Token[] candidates = c < 128 ? TOKENS_BY_CHAR[c] : null;
            if (candidates != null) {
                for (Token t : candidates) {
                    if (s.startsWith(t.prefix(), i)) {
                        int from = i + t.prefix().length();
                        int end = from;
                        while (end < n && end - from <= t.max() && t.accepts(s.charAt(end))) {
                            end++;
                        }
                        int len = end - from;
                        if (len >= t.min() && len <= t.max()) {
                            spans.add(t.keepPrefix() ? from : i, end);
                            next = end;
                            break;
                        }
                    }
                }
            }
            if (next < 0 && (c == 'b' || c == 'B')) {
                next = scheme(s, i, spans);
            }
            if (next < 0 && c == '-') {
                if (tools == null) {
                    tools = new Tools(s.toLowerCase(Locale.ROOT));
                }
                next = option(s, tools, i, spans);
            }
            i = Math.max(next, i + 1);
        }
        blobs(s, spans);
    }

    /** The programs a line mentions whose short options carry passwords (looked up once per line). */
    private record Tools(boolean mysql, boolean redisCli, boolean sshpass, boolean curl) {
        Tools(String lower) {
            this(lower.contains("mysql") || lower.contains("mariadb"), lower.contains("redis-cli"),
                    lower.contains("sshpass"), lower.contains("curl") || lower.contains("wget"));
        }
    }

    /** {@code Bearer X} / {@code Basic X}: X masked unless it is a plain lowercase word ("basic authentication"). */
    private static int scheme(String s, int i, Spans spans) {
        int w = i + (s.regionMatches(true, i, "bearer", 0, 6) ? 6 : s.regionMatches(true, i, "basic", 0, 5) ? 5 : 0);
        if (w == i || w >= s.length() || (s.charAt(w) != ' ' && s.charAt(w) != '\t')) {
            return -1;
        }
        int from = w;
        while (from < s.length() && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        int end = from;
        boolean plainWord = true;
        while (end < s.length() && credentialChar(s.charAt(end))) {
            plainWord &= s.charAt(end) >= 'a' && s.charAt(end) <= 'z';
            end++;
        }
        if (end - from < 8 || plainWord) {
            return -1;
        }
        spans.add(from, end);
        return end;
    }

    private static boolean credentialChar(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || "._~+/=-".indexOf(c) >= 0);
    }

    /** A secret command-line argument: {@code --password X}, {@code mysql -pX}, {@code redis-cli -a X}, {@code curl -u u:X}. */
    private static int option(String s, Tools tools, int i, Spans spans) {
        for (String opt : SECRET_OPTIONS) {
            if (s.startsWith(opt, i) && i + opt.length() < s.length() && blank(s.charAt(i + opt.length()))) {
                return argument(s, skipBlanks(s, i + opt.length()), spans);
            }
        }
        if (s.startsWith("-p", i) && i + 2 < s.length() && !blank(s.charAt(i + 2)) && s.charAt(i + 2) != '-'
                && tools.mysql()) {
            return argument(s, i + 2, spans);
        }
        boolean separate = i + 2 < s.length() && blank(s.charAt(i + 2));
        if (separate && s.startsWith("-a", i) && tools.redisCli()) {
            return argument(s, skipBlanks(s, i + 2), spans);
        }
        if (separate && s.startsWith("-p", i) && tools.sshpass()) {
            return argument(s, skipBlanks(s, i + 2), spans);
        }
        boolean user = separate && s.startsWith("-u", i) || s.startsWith("--user", i) && i + 6 < s.length() && blank(s.charAt(i + 6));
        if (user && tools.curl()) {
            int from = skipBlanks(s, i + (s.charAt(i + 1) == '-' ? 6 : 2));
            int end = argumentEnd(s, from);
            for (int colon = from; colon < end; colon++) {
                if (s.charAt(colon) == ':') {
                    spans.add(colon + 1, end);
                    return end;
                }
            }
        }
        return -1;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    private static int skipBlanks(String s, int i) {
        int j = i;
        while (j < s.length() && blank(s.charAt(j))) {
            j++;
        }
        return j;
    }

    /** Masks one argument at {@code from} (quoted or not) and returns where it ends. */
    private static int argument(String s, int from, Spans spans) {
        if (from >= s.length()) {
            return from;
        }
        char q = s.charAt(from);
        if (q == '"' || q == '\'') {
            int close = s.indexOf(q, from + 1);
            int end = close < 0 ? s.length() : close;
            spans.add(from + 1, end);
            return end;
        }
        int end = argumentEnd(s, from);
        spans.add(from, end);
        return end;
    }

    private static int argumentEnd(String s, int from) {
        int end = from;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != '"' && s.charAt(end) != '\'') {
            end++;
        }
        return end;
    }

    /**
     * Runs of 40+ base64 characters with upper and lower case letters and digits and few slashes: a
     * key or a PEM body line seen without its header, an AWS secret key. Hex digests (one case),
     * paths (many slashes) and parts of longer identifiers stay. One pass over maximal runs.
     */
    private static void blobs(String s, Spans spans) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!base64(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            boolean upper = false;
            boolean lowerCase = false;
            boolean digit = false;
            int slashes = 0;
            for (; i < n && base64(s.charAt(i)); i++) {
                char c = s.charAt(i);
                upper |= c >= 'A' && c <= 'Z';
                lowerCase |= c >= 'a' && c <= 'z';
                digit |= c >= '0' && c <= '9';
                slashes += c == '/' ? 1 : 0;
            }
            int len = i - start;
            boolean alone = (start == 0 || !joins(s.charAt(start - 1))) && (i == n || !joins(s.charAt(i)));
            if (len >= 40 && upper && lowerCase && digit && slashes * 10 < len && alone) {
                spans.add(start, i);
            }
        }
    }

    private static boolean base64(char c) {
        return c < 0x80 && (ASCII_WORD[c] && c != '_' || c == '+' || c == '/' || c == '=');
    }

    /** Characters that make a run part of a longer identifier or name. */
    private static boolean joins(char c) {
        return c == '_' || c == '-' || c == '.' || (c >= 0x80 && Character.isLetterOrDigit(c));
    }

    // ------------------------------------------------------------------ webhook URLs

    /** Literal (anywhere), then the secret part of a path. */
    private static final List<String> WEBHOOKS = List.of(
            "hooks.slack.com/services/", "hooks.slack.com/workflows/", "hooks.slack.com/triggers/",
            "discord.com/api/webhooks/", "discordapp.com/api/webhooks/", "outlook.office.com/webhook/",
            "webhook.office.com/webhookb2/");

    private static void anchored(String s, Spans spans) {
        if (s.indexOf("hooks") < 0 && s.indexOf("webhook") < 0) {
            return;
        }
        for (String w : WEBHOOKS) {
            for (int i = s.indexOf(w); i >= 0; i = s.indexOf(w, i + 1)) {
                int from = i + w.length();
                int end = from;
                while (end < s.length() && credentialChar(s.charAt(end)) && s.charAt(end) != '=') {
                    end++;
                }
                spans.add(from, end);
            }
        }
    }
}
