package io.dockmedic.rules;

/**
 * A pattern that is plain text: optional {@code (?i)}, optional {@code \\b} at either end, then
 * characters and escaped punctuation only. Such a pattern matches where the text occurs (with
 * ASCII word boundaries where asked), so no regular expression needs to run.
 */
record LiteralPattern(String text, boolean ignoreCase, boolean wordStart, boolean wordEnd) {
    /** Whether the pattern matches {@code line}. */
    boolean in(String line) {
        String hay = ignoreCase ? RegexText.lower(line) : line;
        for (int at = hay.indexOf(text); at >= 0; at = hay.indexOf(text, at + 1)) {
            if ((!wordStart || boundary(hay, at)) && (!wordEnd || boundary(hay, at + text.length()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean boundary(String s, int i) {
        return word(s, i - 1) != word(s, i);
    }

    private static boolean word(String s, int i) {
        if (i < 0 || i >= s.length()) {
            return false;
        }
        char c = s.charAt(i);
        return c == '_' || (c < 128 && Character.isLetterOrDigit(c));
    }

    /** The plain-text form of a pattern, or null when it uses any regular-expression operator. */
    static LiteralPattern of(String regex) {
        String re = regex;
        boolean ignoreCase = re.startsWith("(?i)");
        if (ignoreCase) {
            re = re.substring(4);
        }
        boolean wordStart = re.startsWith("\\b");
        if (wordStart) {
            re = re.substring(2);
        }
        boolean wordEnd = re.endsWith("\\b") && !re.endsWith("\\\\b");
        if (wordEnd) {
            re = re.substring(0, re.length() - 2);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= re.length() || Character.isLetterOrDigit(re.charAt(i + 1))) {
                    return null;
                }
                text.append(re.charAt(++i));
            } else if (".+*?()|[]{}^$".indexOf(c) >= 0) {
                return null;
            } else {
                text.append(c);
            }
        }
        if (text.length() == 0 || (ignoreCase && !text.toString().chars().allMatch(ch -> ch < 128))) {
            return null; // non-ASCII case folding is RE2's to decide
        }
        return new LiteralPattern(ignoreCase ? RegexText.lower(text.toString()) : text.toString(), ignoreCase, wordStart, wordEnd);
    }
}
