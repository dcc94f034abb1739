package io.dockmedic.diagnosis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.regex.Pattern;

/**
 * What to show when no rule matched: the most error-like lines, and a stable signature of the top
 * one's template (numbers, hex ids, quoted strings, paths, addresses and timestamps masked, in the
 * spirit of Drain), so recurring unknown failures can be counted and turned into rules.
 */
public final class Unclassified {
    private static final Pattern STRONG = Pattern.compile(
            "(?i)\\b(fatal|panic|exception|traceback|error|errno|refused|denied|failed|failure|cannot|can't|could not|unable|timed? ?out|killed|abort(ed)?|segmentation|crash(ed)?)\\b");
    private static final Pattern WEAK = Pattern.compile("(?i)\\b(warn(ing)?|exit(ed)?|stopp(ed|ing)|retry(ing)?|not found|invalid|missing)\\b");
    private static final Pattern BENIGN = Pattern.compile(
            "(?i)(\\b0 errors?\\b|no errors?\\b|without errors?|error_log|errors?=0\\b|\\b(ready|started|listening|healthy)\\b)");

    /**
     * Variable parts that span or join tokens, masked before tokenising (order matters: timestamps
     * before numbers, UUIDs before hex, URLs before paths).
     */
    private static final Pattern[] MASKS = {
        // 2024-05-01T10:00:00.123Z, 2024/05/01 10:00:00,123 +0800
        Pattern.compile("\\b\\d{4}[-/]\\d{2}[-/]\\d{2}(?:[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2}| ?UTC)?)?"),
        // May 25 05:46:49, 25 May 2023 05:46:49.233
        Pattern.compile("(?i)\\b(?:\\d{1,2} )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* +\\d{1,4}(?: \\d{4})? "
                + "\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?"),
        Pattern.compile("\"[^\"]{0,200}\"|'[^']{0,200}'|`[^`]{0,200}`"),
        Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}://\\S+"),
        Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b"),
        Pattern.compile("\\b[\\w.+-]{1,64}@[\\w-]{1,63}(?:\\.[\\w-]{1,63})+\\b"),
        Pattern.compile("(?:[A-Za-z]:)?(?:[/\\\\][\\w.@~+-]+){2,}[/\\\\]?"),
        Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d+)?\\b|\\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\\b"),
        Pattern.compile("\\b0x[0-9a-fA-F]+\\b|\\b[0-9a-fA-F]{12,}\\b"),
    };
    private static final String VAR = "<*>";
    /**
     * Every match of {@link #STRONG} starts, at a word boundary, with one of these (ASCII
     * case-insensitive, as the pattern is), and every match of {@link #WEAK} with one of
     * {@link #WEAK_KEYWORDS}: a line with none of them at a word start scores 0 without running the
     * regular expressions, which cost several µs per line on a long log.
     */
    private static final String[] STRONG_KEYWORDS = {
        "fatal", "panic", "exception", "traceback", "err", "refused", "denied", "fail", "cannot", "can't", "could not",
        "unable", "timeout", "time out", "timedout", "timed out", "killed", "abort", "segmentation", "crash",
    };
    private static final String[] WEAK_KEYWORDS = {"warn", "exit", "stopp", "retry", "not found", "invalid", "missing"};
    private static final int STRONG_KEYWORD = 1;
    private static final int WEAK_KEYWORD = 2;
    /** Keywords by their first letter (a-z), and which pattern each one starts. */
    private static final String[][] KEYWORDS_BY_LETTER = new String[26][];
    private static final int[][] KINDS_BY_LETTER = new int[26][];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            List<String> words = new ArrayList<>();
            List<Integer> kinds = new ArrayList<>();
            for (String k : STRONG_KEYWORDS) {
                if (k.charAt(0) == c) {
                    words.add(k);
                    kinds.add(STRONG_KEYWORD);
                }
            }
            for (String k : WEAK_KEYWORDS) {
                if (k.charAt(0) == c) {
                    words.add(k);
                    kinds.add(WEAK_KEYWORD);
                }
            }
            KEYWORDS_BY_LETTER[c - 'a'] = words.toArray(String[]::new);
            KINDS_BY_LETTER[c - 'a'] = kinds.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private Unclassified() {
    }

    /** Error-likeness of a line: higher is more error-like; 0 for benign lines. */
    public static int score(String line) {
        if (line == null || line.isBlank()) {
            return 0;
        }
        return score(line, keywords(line));
    }

    /** {@link #score} given the line's {@link #keywords}. */
    static int score(String line, int keywords) {
        return keywords == 0 ? 0 : score(line, strongStarts(keywords) > 0, weakStarts(keywords) > 0);
    }

    /**
     * Where STRONG and WEAK may start a match: the number of positions no ASCII letter, digit or
     * underscore precedes where one of their keywords starts, packed (see {@link #strongStarts},
     * {@link #weakStarts}, {@link #bound}). A match needs such a position: java.util.regex's
     * {@code \b} before an ASCII letter needs a non-word character before it, and every ASCII word
     * character is one; matches do not overlap, so each starts at a position of its own.
     */
    static int keywords(String line) {
        int strong = 0;
        int weak = 0;
        boolean wordBefore = false;
        for (int i = 0, n = line.length(); i < n; i++) {
            char c = line.charAt(i);
            char lower = (char) (c | 0x20);
            boolean letter = lower >= 'a' && lower <= 'z';
            if (letter && !wordBefore) {
                String[] words = KEYWORDS_BY_LETTER[lower - 'a'];
                int kinds = 0;
                // the second letter first (every keyword's is an ASCII letter: ASCII case folding
                // differs only in bit 0x20), then the rest
                char second = i + 1 < n ? (char) (line.charAt(i + 1) | 0x20) : 0;
                for (int k = 0; k < words.length; k++) {
                    if (words[k].charAt(1) == second && startsWithFolded(line, i, words[k])) {
                        kinds |= KINDS_BY_LETTER[lower - 'a'][k];
                    }
                }
                strong += kinds & STRONG_KEYWORD;
                weak += (kinds & WEAK_KEYWORD) >> 1;
            }
            wordBefore = letter || (c >= '0' && c <= '9') || c == '_';
        }
        return Math.min(strong, 0x7FFF) << 16 | Math.min(weak, 0xFFFF);
    }

    /**
     * {@code line} has {@code word} (lower case) at {@code i}, ASCII letters in either case: what the
     * patterns' {@code (?i)} without UNICODE_CASE accepts. The first char is known to match and the
     * second was compared already. By hand: {@code regionMatches(true, ...)} folds through Unicode
     * case tables and was most of the reader thread's time on a long log.
     */
    private static boolean startsWithFolded(String line, int i, String word) {
        int n = word.length();
        if (i + n > line.length()) {
            return false;
        }
        for (int k = 2; k < n; k++) {
            char w = word.charAt(k);
            char c = line.charAt(i + k);
            if (w >= 'a' && w <= 'z' ? (c | 0x20) != w : c != w) {
                return false;
            }
        }
        return true;
    }

    static int strongStarts(int keywords) {
        return keywords >>> 16;
    }

    static int weakStarts(int keywords) {
        return keywords & 0xFFFF;
    }

    /** The highest score a line with these {@link #keywords} can have: 3 per STRONG match, 1 per WEAK one. */
    static int bound(int keywords) {
        return 3 * strongStarts(keywords) + weakStarts(keywords);
    }

    /** {@link #score} by the regular expressions alone (tests check the keyword shortcut against it). */
    static int regexScore(String line) {
        if (line == null || line.isBlank()) {
            return 0;
        }
        return score(line, true, true);
    }

    private static int score(String line, boolean strongMayMatch, boolean weakMayMatch) {
        int score = 0;
        if (strongMayMatch) {
            var strong = STRONG.matcher(line);
            while (strong.find()) {
                score += 3;
            }
        }
        if (weakMayMatch) {
            var weak = WEAK.matcher(line);
            while (weak.find()) {
                score += 1;
            }
        }
        if (score > 0 && BENIGN.matcher(line).find()) { // it only lowers a score, and never below 0
            score -= 3;
        }
        return Math.max(0, score);
    }

    /**
     * The {@code max} most error-like lines, in their original order; falls back to the last lines.
     * {@link Sample} gives the same for lines streamed one by one, in bounded memory.
     */
    public static List<String> evidence(List<String> lines, int max) {
        record Scored(int index, int score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int s = score(lines.get(i));
            if (s > 0) {
                scored.add(new Scored(i, s));
            }
        }
        List<String> out = new ArrayList<>();
        if (scored.isEmpty()) {
            out.addAll(lines.subList(Math.max(0, lines.size() - Math.min(max, 3)), lines.size()));
            return out;
        }
        scored.sort(Comparator.comparingInt(Scored::score).reversed().thenComparing(Comparator.comparingInt(Scored::index).reversed()));
        List<Scored> top = new ArrayList<>(scored.subList(0, Math.min(max, scored.size())));
        top.sort(Comparator.comparingInt(Scored::index));
        for (Scored s : top) {
            out.add(lines.get(s.index()));
        }
        return out;
    }

    /**
     * The template of a line, Drain-style: timestamps, quoted strings, URLs, UUIDs, e-mail addresses,
     * paths, IP addresses and hex ids masked with {@code <*>}, then every token that holds a digit
     * (numbers, ids, durations, pids) masked too; runs of masks become one, whitespace one space,
     * letters lowercase. Lines of one event differ only in masked parts, so they share a template.
     */
    public static String template(String line) {
        String t = line;
        for (Pattern p : MASKS) {
            t = p.matcher(t).replaceAll(VAR);
        }
        StringBuilder out = new StringBuilder(t.length());
        for (String token : t.strip().split("\\s+")) {
            String masked = token.chars().anyMatch(Character::isDigit) || token.contains(VAR) ? VAR : token;
            if (masked.equals(VAR) && out.length() >= VAR.length() && out.lastIndexOf(VAR) == out.length() - VAR.length()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(masked);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** The stable 8-hex-digit id of a template (the first bytes of its SHA-256). */
    public static String id(String template) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(template.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The most error-like of some lines (the last of equals), or null when there are none. */
    public static String mostErrorLike(List<String> lines) {
        String best = null;
        int bestScore = -1;
        for (String l : lines) {
            int s = score(l);
            if (s > bestScore) {
                best = l;
                bestScore = s;
            }
        }
        return best;
    }

    /** The signature of the most error-like line's template, or "none". */
    public static String signature(List<String> evidence) {
        String best = mostErrorLike(evidence);
        return best == null ? "none" : id(template(best));
    }

    /**
     * {@link #evidence} of lines offered one at a time, in memory bounded by {@code max} whatever
     * their number: the {@code max} best-scored lines so far (a heap, worst on top: lowest score,
     * then oldest) and the last few lines for the fallback.
     */
    public static final class Sample {
        private record Scored(long index, int score, String line) {
        }

        private final int max;
        private final int fallback;
        private final PriorityQueue<Scored> top;
        private final ArrayDeque<String> last = new ArrayDeque<>();
        private long count;
        private boolean anyScored;

        public Sample(int max) {
            this.max = max;
            this.fallback = Math.max(0, Math.min(max, 3));
            this.top = new PriorityQueue<>(Math.max(1, max), Comparator.comparingInt(Scored::score).thenComparingLong(Scored::index));
        }

        public void offer(String line) {
            long index = count++;
            int s = 0;
            if (line != null && !line.isBlank()) {
                int keywords = keywords(line);
                // a line that cannot score enough to enter a full sample needs no regular expression
                boolean cannotEnter = anyScored && top.size() == max && (max == 0 || bound(keywords) < top.peek().score());
                s = cannotEnter ? 0 : score(line, keywords);
            }
            if (s > 0) {
                anyScored = true;
                // the newest line wins a tie: it ranks above every older line of the same score
                if (top.size() < max) {
                    top.add(new Scored(index, s, line));
                } else if (max > 0 && s >= top.peek().score()) {
                    top.poll();
                    top.add(new Scored(index, s, line));
                }
            }
            if (fallback > 0) {
                if (last.size() == fallback) {
                    last.removeFirst();
                }
                last.addLast(line);
            }
        }

        /** The same lines as {@link #evidence} of every line offered, in the same order. */
        public List<String> evidence() {
            if (!anyScored) {
                return new ArrayList<>(last);
            }
            List<Scored> best = new ArrayList<>(top);
            best.sort(Comparator.comparingLong(Scored::index));
            List<String> out = new ArrayList<>(best.size());
            best.forEach(b -> out.add(b.line()));
            return out;
        }
    }
}
