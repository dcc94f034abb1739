package io.dockmedic.rules;

import java.util.List;

/** The pieces {@link LiteralPatternReader} reads a part of a {@link LiteralPattern} into. */
sealed interface LiteralAtom permits LiteralAtom.Lit, LiteralAtom.Alt, LiteralAtom.Edge, LiteralAtom.Anchor,
        LiteralAtom.Repeat {

    /** A text, already folded under (?i). */
    record Lit(String text) implements LiteralAtom {
    }

    /** Alternatives, each a sequence; {@code optional} when the group may match nothing ({@code ?}). */
    record Alt(List<List<LiteralAtom>> alternatives, boolean optional) implements LiteralAtom {
    }

    /** {@code \\b}: an ASCII word boundary. */
    record Edge() implements LiteralAtom {
    }

    /** {@code ^} (start of the line) or {@code $} (its end). */
    record Anchor(boolean start) implements LiteralAtom {
    }

    /** RE2's character class escapes, as RE2 reads them (ASCII). */
    enum Kind {
        WORD, DIGIT, SPACE, NOT_SPACE, NOT_NEWLINE, SET;

        boolean has(char c) {
            return switch (this) {
                case SET -> throw new IllegalStateException("a set is read with its characters");
                case NOT_NEWLINE -> c != '\n';
                case WORD -> isWord(c);
                case DIGIT -> c >= '0' && c <= '9';
                case SPACE -> c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
                case NOT_SPACE -> !(c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r');
            };
        }

        static Kind of(char escape) {
            return switch (escape) {
                case 'w' -> WORD;
                case 'd' -> DIGIT;
                case 's' -> SPACE;
                case 'S' -> NOT_SPACE;
                default -> null;
            };
        }
    }

    /**
     * {@code \\w*}, {@code \\d+}, {@code \\s}, {@code \\d{1,5}}, {@code [^\\n]{0,20}}, {@code [ :=]*}: from {@code min}
     * to {@code max} characters of a kind, or of {@code set} (folded under (?i)) when the kind is SET.
     */
    record Repeat(Kind kind, String set, int min, int max) implements LiteralAtom {
        boolean has(String line, String hay, int i) {
            return kind == Kind.SET ? set.indexOf(hay.charAt(i)) >= 0 : kind.has(line.charAt(i));
        }
    }

    /** RE2's \\w: ASCII letters, digits and the underscore. */
    static boolean isWord(char c) {
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
