package io.dockmedic.diagnosis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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

    private Unclassified() {
    }

    /** Error-likeness of a line: higher is more error-like; 0 for benign lines. */
    public static int score(String line) {
        if (line == null || line.isBlank()) {
            return 0;
        }
        int score = 0;
        var strong = STRONG.matcher(line);
        while (strong.find()) {
            score += 3;
        }
        var weak = WEAK.matcher(line);
        while (weak.find()) {
            score += 1;
        }
        if (BENIGN.matcher(line).find()) {
            score -= 3;
        }
        return Math.max(0, score);
    }

    /** The {@code max} most error-like lines, in their original order; falls back to the last lines. */
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
}
