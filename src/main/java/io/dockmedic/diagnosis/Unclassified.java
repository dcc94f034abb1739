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

    private static final Pattern[] MASKS = {
        Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2}| ?UTC)?"),
        Pattern.compile("\"[^\"]{0,200}\"|'[^']{0,200}'"),
        Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}://\\S+"),
        Pattern.compile("(?:/[\\w.@-]+){2,}"),
        Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d+)?\\b"),
        Pattern.compile("\\b[0-9a-fA-F]{8,}\\b|\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b"),
        Pattern.compile("\\b\\d+(?:\\.\\d+)*\\b"),
    };

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

    /** The template of a line: variable parts masked with {@code <*>}. */
    public static String template(String line) {
        String t = line;
        for (Pattern p : MASKS) {
            t = p.matcher(t).replaceAll("<*>");
        }
        return t.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }

    /** A stable 8-hex-digit signature of the most error-like line's template, or "none". */
    public static String signature(List<String> evidence) {
        String best = null;
        int bestScore = -1;
        for (String l : evidence) {
            int s = score(l);
            if (s > bestScore) {
                best = l;
                bestScore = s;
            }
        }
        if (best == null) {
            return "none";
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(template(best).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
