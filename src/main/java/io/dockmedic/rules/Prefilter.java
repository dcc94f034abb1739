package io.dockmedic.rules;

import static io.dockmedic.rules.RegexText.groupBody;
import static io.dockmedic.rules.RegexText.isOptionalQuantifier;
import static io.dockmedic.rules.RegexText.matchingParen;
import static io.dockmedic.rules.RegexText.skipClass;
import static io.dockmedic.rules.RegexText.skipQuantifier;
import static io.dockmedic.rules.RegexText.splitTop;
import static io.dockmedic.rules.RegexText.stripLeadingFlags;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds literals that every match of an RE2 pattern must contain, so that most lines are rejected
 * by a cheap substring test before the regular expression runs. The answer is a conjunction of
 * clauses, each a disjunction of literals: {@code (?i)\\S+:\\d+ - (?:no response|rejecting connections)}
 * needs {@code " - "} AND ({@code "no response"} OR {@code "rejecting connections"}). Conservative:
 * when it cannot prove a clause it leaves it out, and with no clause at all it returns null and the
 * pattern always runs. Literals are lowercase and compared against the lowercased line, which
 * accepts a superset of the matches whatever the pattern's case flags.
 */
final class Prefilter {
    /**
     * Shortest literal worth testing for (a non-ASCII character, such as a CJK one, counts as two);
     * shorter ones only when the pattern has no clause otherwise, in a branch that has nothing else,
     * and when they add up to this length.
     */
    static final int MIN_LITERAL = 3;
    /** Most clauses an alternation may distribute into before it falls back to one clause. */
    static final int MAX_CLAUSES = 16;

    private Prefilter() {
    }


    /** Clauses of lowercase literals: every match contains one literal of each clause; null when none is known. */
    static List<List<String>> requiredClauses(String regex) {
        try {
            String re = stripLeadingFlags(regex);
            List<List<String>> out = alternation(re, false);
            if (out == null) {
                out = alternation(re, true); // last resort: short literals required together
            }
            return out == null || out.isEmpty() ? null : out;
        } catch (RuntimeException e) {
            return null; // unusual syntax: no prefilter, the regex decides
        }
    }


    /**
     * The clauses of an alternation: (A1 and A2) or B becomes (A1 or B) and (A2 or B), while that
     * stays within {@value #MAX_CLAUSES} clauses, else each branch's best clause; null when a branch
     * requires nothing.
     */
    private static List<List<String>> alternation(String re, boolean shortLiterals) {
        List<List<List<String>>> branches = new ArrayList<>();
        long product = 1;
        for (String b : splitTop(re)) {
            List<List<String>> clauses = branch(b, shortLiterals);
            if (clauses == null) {
                return null;
            }
            branches.add(clauses);
            product *= clauses.size();
        }
        if (branches.size() == 1) {
            return branches.get(0);
        }
        if (product > MAX_CLAUSES) {
            branches.replaceAll(c -> List.of(best(c)));
        }
        List<List<String>> out = List.of(List.of());
        for (List<List<String>> clauses : branches) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> acc : out) {
                for (List<String> clause : clauses) {
                    List<String> merged = new ArrayList<>(acc);
                    clause.stream().filter(l -> !merged.contains(l)).forEach(merged::add);
                    if (!next.contains(merged)) {
                        next.add(merged);
                    }
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * The clause whose shortest literal is longest in UTF-8 bytes (the most selective guess): a CJK
     * character is three bytes and far rarer in logs than an ASCII letter, so {@code Token ?(?:无效|验证失败)}
     * is filtered by the Chinese words, not by "token", which one log line in fifteen contains.
     */
    private static List<String> best(List<List<String>> clauses) {
        List<String> best = null;
        int bestLen = -1;
        for (List<String> c : clauses) {
            int len = c.stream().mapToInt(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).min().orElse(0);
            if (len > bestLen) {
                best = c;
                bestLen = len;
            }
        }
        return best;
    }


    /** Most texts one literal run may fork into at small character classes ({@code api[ _-]?key}: 4). */
    static final int MAX_FORKS = 8;

    /**
     * A literal run being read: one text, or several when it went through a small character class
     * ({@code api[ _-]?key} is "apikey", "api key", "api_key" or "api-key": one clause of four
     * literals, far rarer in logs than "api" and "key" apart).
     */
    private static final class Run {
        private List<StringBuilder> texts = new ArrayList<>(List.of(new StringBuilder()));

        void append(char c) {
            texts.forEach(t -> t.append(c));
        }

        boolean isEmpty() {
            return texts.size() == 1 && texts.get(0).length() == 0;
        }

        /** Continues with one of {@code chars} (or none, if optional); false when that makes too many texts. */
        boolean fork(java.util.Set<Character> chars, boolean optional) {
            if (texts.size() * (chars.size() + (optional ? 1 : 0)) > MAX_FORKS) {
                return false;
            }
            List<StringBuilder> next = new ArrayList<>();
            for (StringBuilder t : texts) {
                if (optional) {
                    next.add(new StringBuilder(t));
                }
                for (char c : chars) {
                    next.add(new StringBuilder(t).append(c));
                }
            }
            texts = next;
            return true;
        }

        /** Ends the run: one text goes to {@code runs}; several make a clause when each is long enough. */
        void flush(List<String> runs, List<List<String>> clauses) {
            List<String> all = texts.stream().map(StringBuilder::toString).distinct().toList();
            texts = new ArrayList<>(List.of(new StringBuilder()));
            String shortest = all.stream().min(java.util.Comparator.comparingInt(String::length)).orElse("");
            if (all.stream().allMatch(t -> t.startsWith(shortest))) {
                if (!shortest.isEmpty()) {
                    runs.add(shortest); // api[ _-]? at the end: every text contains "api"
                }
            } else if (all.stream().allMatch(t -> weight(t) >= MIN_LITERAL)) {
                clauses.add(all);
            }
        }
    }

    /**
     * The characters of a character class that is a small set of literal characters (lowercased,
     * e.g. {@code [ _-]}, {@code [Cc]}, {@code [.:]}); null for anything else (ranges, negation,
     * escapes of classes, POSIX classes, more than four characters).
     */
    static java.util.Set<Character> smallClass(String body) {
        if (body.isEmpty() || body.charAt(0) == '^' || body.contains("[:")) {
            return null;
        }
        java.util.Set<Character> out = new java.util.LinkedHashSet<>();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                if (i + 1 >= body.length() || Character.isLetterOrDigit(body.charAt(i + 1))) {
                    return null; // \d \s \w \pL ...
                }
                c = body.charAt(++i);
            } else if (c == '-' && i > 0 && i < body.length() - 1) {
                return null; // a range
            }
            if (c >= 128) {
                return null; // case folding beyond ASCII is RE2's business
            }
            out.add(Character.toLowerCase(c));
        }
        return out.size() <= 4 ? out : null;
    }

    /** Clauses of one alternative (no top-level '|'): each literal run and each required group's; null when none. */
    private static List<List<String>> branch(String re, boolean shortLiterals) {
        List<String> runs = new ArrayList<>();
        List<List<String>> clauses = new ArrayList<>();
        Run run = new Run();
        int i = 0;
        while (i < re.length()) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= re.length()) {
                    return null;
                }
                char n = re.charAt(i + 1);
                if (Character.isLetterOrDigit(n)) {
                    run.flush(runs, clauses); // \d \s \w \b \pL ... : not a literal
                    i += 2;
                    if ((n == 'p' || n == 'P') && i < re.length() && re.charAt(i) == '{') {
                        i = re.indexOf('}', i) + 1;
                    }
                    i = skipQuantifier(re, i);
                    continue;
                }
                i = literal(re, i + 2, n, run, runs, clauses);
                continue;
            }
            if (c == '[') {
                int end = skipClass(re, i);
                java.util.Set<Character> chars = end <= re.length() ? smallClass(re.substring(i + 1, end - 1)) : null;
                char q = end < re.length() ? re.charAt(end) : 0;
                boolean optional = q == '?';
                boolean once = q != '*' && q != '+' && q != '?' && q != '{';
                if (chars != null && (once || optional) && !(optional && run.isEmpty()) && run.fork(chars, optional)) {
                    i = optional ? skipQuantifier(re, end) : end;
                    continue;
                }
                run.flush(runs, clauses);
                i = skipQuantifier(re, end);
                continue;
            }
            if (c == '(') {
                int close = matchingParen(re, i);
                String inner = re.substring(i + 1, close);
                int after = close + 1;
                boolean optional = after < re.length() && isOptionalQuantifier(re, after);
                run.flush(runs, clauses);
                String body = optional ? null : groupBody(inner);
                List<List<String>> group = body == null ? null : alternation(stripLeadingFlags(body), shortLiterals);
                if (group != null) {
                    clauses.addAll(group);
                }
                i = skipQuantifier(re, after);
                continue;
            }
            if (c == '.' || c == '^' || c == '$') {
                run.flush(runs, clauses);
                i = skipQuantifier(re, i + 1);
                continue;
            }
            if (c == '*' || c == '+' || c == '?' || c == '{') {
                return null; // a quantifier where none is expected: give up
            }
            i = literal(re, i + 1, c, run, runs, clauses);
        }
        run.flush(runs, clauses);
        for (String r : runs) {
            if (weight(r) >= MIN_LITERAL) {
                clauses.add(List.of(r));
            }
        }
        if (shortLiterals && clauses.isEmpty() && runs.size() > 1 && runs.stream().mapToInt(Prefilter::weight).sum() >= MIN_LITERAL) {
            runs.forEach(r -> clauses.add(List.of(r))); // short literals all required: #\d+ \[ needs "#" and " ["
        }
        return clauses.isEmpty() ? null : clauses;
    }

    /** A literal's length for {@link #MIN_LITERAL}: a non-ASCII character counts as two. */
    private static int weight(String literal) {
        return literal.length() + (int) literal.chars().filter(ch -> ch >= 128).count();
    }

    /** Appends literal char {@code c} (just consumed, next index {@code i}) honouring a following quantifier. */
    private static int literal(String re, int i, char c, Run run, List<String> runs, List<List<String>> clauses) {
        if (i < re.length() && isOptionalQuantifier(re, i)) {
            run.flush(runs, clauses); // c may be absent: the run ends before it
            return skipQuantifier(re, i);
        }
        if (i < re.length() && (re.charAt(i) == '+' || re.charAt(i) == '{')) {
            run.append(Character.toLowerCase(c)); // at least once: the run ends after it
            run.flush(runs, clauses);
            return skipQuantifier(re, i);
        }
        run.append(Character.toLowerCase(c));
        return i;
    }


}
