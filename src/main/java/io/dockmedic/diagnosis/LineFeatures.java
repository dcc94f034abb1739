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
 * pairs of neighbouring Han characters. Each feature counts once per line (a "binarized" naive Bayes, the
 * better kind for short texts): a logger that repeats its own name in a line says nothing more by it, and
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
        String s = line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) : line;
        s = s.toLowerCase(Locale.ROOT);
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
