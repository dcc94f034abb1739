package io.dockmedic.diagnosis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The features {@link CategoryModel} sees in one log line: lowercase word tokens (letters, digits and
 * underscores; pure numbers only of 3 to 5 digits, such as ports and error codes; long tokens with
 * digits, such as ids and hashes, dropped), pairs of neighbouring tokens, and for Chinese text the
 * pairs of neighbouring Han characters. Two kinds of features say what a word means rather than what it is:
 * the parts of a camelCase identifier ({@code java.net.UnknownHostException} also gives unknown, host,
 * exception: a client the model never met names its exceptions with the same words), and the class of a
 * well-known number (a database's, cache's, broker's or Docker's default port, an HTTP 4xx or 5xx status),
 * so a line about port 5433 or status 502 is read like the lines about 5432 and 503. Each feature counts
 * once per line (a "binarized" naive Bayes, the better kind for short texts): a logger that repeats its own name in a line says nothing more by it, and
 * a long prefix must not outvote the few words that state the cause. Written by hand: a tokenizer of a few dozen lines does not
 * justify a text-analysis library in an agent whose memory is counted.
 */
final class LineFeatures {
    /** Lines longer than this are cut: the cause of a failure is stated early, and cost stays bounded. */
    static final int MAX_CHARS = 2_000;
    private static final int MAX_TOKENS = 200;

    private LineFeatures() {
    }

    static List<String> of(String line) {
        String original = line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) : line;
        String s = original.toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        Collection<String> features = new LinkedHashSet<>();
        int i = 0;
        int n = s.length();
        while (i < n && words.size() < MAX_TOKENS) {
            char c = s.charAt(i);
            if (isWordChar(c)) {
                int start = i;
                while (i < n && isWordChar(s.charAt(i))) {
                    i++;
                }
                String w = s.substring(start, i);
                if (keep(w)) {
                    words.add(w);
                }
            } else if (Character.UnicodeScript.of(s.codePointAt(i)) == Character.UnicodeScript.HAN) {
                int start = i;
                while (i < n && Character.UnicodeScript.of(s.codePointAt(i)) == Character.UnicodeScript.HAN) {
                    i += Character.charCount(s.codePointAt(i));
                }
                addHan(s.substring(start, i), features);
            } else {
                i += Character.charCount(s.codePointAt(i));
            }
        }
        for (int k = 0; k < words.size(); k++) {
            features.add(words.get(k));
            if (k > 0) {
                features.add(words.get(k - 1) + ' ' + words.get(k));
            }
        }
        addCamelCaseParts(original, features);
        addNumberClasses(original, features);
        return List.copyOf(features);
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean keep(String w) {
        boolean digits = false;
        boolean letters = false;
        for (int k = 0; k < w.length(); k++) {
            char c = w.charAt(k);
            digits |= c >= '0' && c <= '9';
            letters |= c >= 'a' && c <= 'z';
        }
        if (!letters) {
            return digits && w.length() >= 3 && w.length() <= 5;
        }
        return w.length() >= 2 && !(digits && w.length() >= 8);
    }

    /**
     * The parts of each identifier's camelCase words: an identifier starts at a letter and runs over
     * letters and digits, perhaps in parts joined by dots or underscores; a part made of two or more words
     * ({@code UnknownHostException}, {@code HTTPServer}: upper-case runs, capitalised or lower-case words,
     * digit runs) gives those of three letters or more, lowercase. Scanned by hand, not with regular
     * expressions: this runs on every line the rules leave, and regular expressions tripled the cost.
     */
    private static void addCamelCaseParts(String line, Collection<String> out) {
        int n = line.length();
        int i = 0;
        while (i < n) {
            if (!isAsciiLetter(line.charAt(i))) {
                i++;
                continue;
            }
            int from = i;
            while (true) {
                int to = from;
                while (to < n && isAsciiAlnum(line.charAt(to))) {
                    to++;
                }
                addParts(line, from, to, out);
                if (to + 1 < n && (line.charAt(to) == '_' || line.charAt(to) == '.') && isAsciiAlnum(line.charAt(to + 1))) {
                    from = to + 1;
                } else {
                    i = to;
                    break;
                }
            }
        }
    }

    /** The words of line[from, to) (letters and digits only), when there are two or more. */
    private static void addParts(String line, int from, int to, Collection<String> out) {
        int[] bounds = new int[2 * (to - from)];
        int parts = 0;
        int k = from;
        while (k < to) {
            char c = line.charAt(k);
            int end = k + 1;
            if (c >= '0' && c <= '9') {
                while (end < to && isDigit(line.charAt(end))) {
                    end++;
                }
            } else if (c >= 'A' && c <= 'Z') {
                while (end < to && isUpper(line.charAt(end))) {
                    end++;
                }
                if (end < to && isLower(line.charAt(end))) {
                    if (end - k >= 2) {
                        end--; // "HTTPServer": HTTP, then Server
                    } else {
                        while (end < to && isLower(line.charAt(end))) {
                            end++;
                        }
                    }
                }
            } else {
                while (end < to && isLower(line.charAt(end))) {
                    end++;
                }
            }
            bounds[2 * parts] = k;
            bounds[2 * parts + 1] = end;
            parts++;
            k = end;
        }
        if (parts < 2) {
            return;
        }
        for (int p = 0; p < parts; p++) {
            int a = bounds[2 * p];
            int b = bounds[2 * p + 1];
            if (b - a >= 3 && !isDigit(line.charAt(a))) {
                out.add(line.substring(a, b).toLowerCase(Locale.ROOT));
            }
        }
    }

    /** The class of each number that stands alone (2 to 5 digits, not part of a version, an id or a word). */
    private static void addNumberClasses(String line, Collection<String> out) {
        int n = line.length();
        int i = 0;
        while (i < n) {
            if (!isDigit(line.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && isDigit(line.charAt(end))) {
                end++;
            }
            boolean alone = (i == 0 || !(isAsciiAlnum(line.charAt(i - 1)) || line.charAt(i - 1) == '.'))
                    && (end == n || !isAsciiLetter(line.charAt(end)));
            if (alone && end - i >= 2 && end - i <= 5) {
                String c = numberClass(line.substring(i, end));
                if (c != null) {
                    out.add(c);
                }
            }
            i = end;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAsciiLetter(char c) {
        return isUpper(c) || isLower(c);
    }

    private static boolean isAsciiAlnum(char c) {
        return isAsciiLetter(c) || isDigit(c);
    }

    /** The class of a well-known number, or null: default ports of backing services and Docker, HTTP error statuses. */
    static String numberClass(String n) {
        return switch (n) {
            case "5432", "5433", "3306", "33060", "1433", "27017", "1521", "9042", "5984", "8086", "26257", "7687",
                    "9200", "8529", "50000" -> "#port_db";
            case "6379", "6380", "26379", "11211", "7000" -> "#port_cache";
            case "5672", "15672", "9092", "2181", "4222", "61616", "1883" -> "#port_mq";
            case "2375", "2376", "2377" -> "#port_docker";
            default -> {
                int status = n.length() == 3 ? Integer.parseInt(n) : 0;
                yield status >= 400 && status < 500 ? "#http_4xx" : status >= 500 && status < 600 ? "#http_5xx" : null;
            }
        };
    }

    /** A run of Han characters: its neighbouring pairs (a lone character stands for itself). */
    private static void addHan(String run, Collection<String> out) {
        int[] cps = run.codePoints().toArray();
        if (cps.length == 1) {
            out.add(new String(cps, 0, 1));
            return;
        }
        for (int k = 1; k < cps.length; k++) {
            out.add(new String(cps, k - 1, 2));
        }
    }
}
