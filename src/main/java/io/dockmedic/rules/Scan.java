package io.dockmedic.rules;

import io.dockmedic.evidence.Evidence;
import io.dockmedic.text.LogMessage;
import io.dockmedic.text.LogText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * One pass of every line pattern of a rule set over the evidence's lines. Keeps, per pattern, the
 * most recent {@value #MAX_HITS_PER_PATTERN} matching lines, so memory stays bounded whatever the
 * input size (lines may be streamed). Patterns see each line's message, without the timestamp, compose,
 * journald or CRI prefix and out of its JSON logger's object ({@link LogMessage}): one place for every line.
 */
public final class Scan {
    static final int MAX_HITS_PER_PATTERN = 5;
    /**
     * Chars of whole hit lines kept in total (all patterns). Beyond it a hit keeps the first
     * {@value #SHORT_HIT_CHARS} chars of its line: a crafted log that makes every pattern keep 5 lines
     * of 8192 non-Latin chars held ~43 MiB (534 patterns), close to the shipped 48 MiB heap. Now at most
     * {@code MAX_RETAINED_CHARS + 5 * patterns * (SHORT_HIT_CHARS + 32)} chars (~4 MiB). Real logs
     * stay far below it, so their evidence is unchanged.
     */
    static final int MAX_RETAINED_CHARS = 1 << 20;
    static final int SHORT_HIT_CHARS = 256;

    /** A matched line: its text and its order in the evidence (probe outputs come after log lines). */
    public record Hit(String line, long order, Condition.Source from) {
    }

    private final Evidence evidence;
    private final List<List<Hit>> hits;
    /** Chars of the kept hit lines, a line counted once for each pattern that keeps it. */
    private long retainedChars;

    /** A scan of no lines: for evaluating the conditions that do not look at lines. */
    Scan(Evidence evidence) {
        this.evidence = evidence;
        this.hits = List.of();
    }

    /**
     * Scans {@code logLines} (streamed: only hits are kept) then the evidence's probe outputs, with
     * the patterns marked {@code relevant} (the others cannot change any rule's outcome).
     */
    Scan(Evidence evidence, Iterable<String> logLines, List<Condition.LinePattern> patterns, LiteralIndex index,
         boolean[] relevant) {
        this(evidence, logLines, patterns, index, relevant, 0);
    }

    /**
     * The scan numbering its lines after {@code lastOrder} (tests: a log of more than 2^31 lines, whose
     * numbers must keep growing so that the latest hit stays the latest).
     */
    Scan(Evidence evidence, Iterable<String> logLines, List<Condition.LinePattern> patterns, LiteralIndex index,
         boolean[] relevant, long lastOrder) {
        this.evidence = evidence;
        this.hits = new ArrayList<>(patterns.size());
        for (int i = 0; i < patterns.size(); i++) {
            hits.add(new ArrayList<>(0));
        }
        LiteralIndex.Scratch scratch = index.scratch();
        LiteralIndex.Scratch scratch2 = index.scratch();
        long order = lastOrder;
        Iterator<String> it = logLines.iterator();
        Message m1 = new Message();
        Message m2 = new Message();
        while (it.hasNext()) {
            String line = m1.read(it.next());
            if (it.hasNext()) { // two lines at a time: see LiteralIndex#candidates(String, int, Scratch, String, int, Scratch)
                String line2 = m2.read(it.next());
                index.candidates(m1.text, m1.from, scratch, m2.text, m2.from, scratch2);
                confirm(m1.message(scratch.found()), line, ++order, Condition.Source.LOG, patterns, scratch.found(), scratch,
                        relevant);
                confirm(m2.message(scratch2.found()), line2, ++order, Condition.Source.LOG, patterns, scratch2.found(),
                        scratch2, relevant);
            } else {
                int n = index.candidates(m1.text, m1.from, scratch);
                confirm(m1.message(n), line, ++order, Condition.Source.LOG, patterns, n, scratch, relevant);
            }
        }
        for (String line : evidence.probeOutputs()) {
            scanOne(line, ++order, Condition.Source.PROBE, patterns, index, scratch, relevant);
        }
        for (String line : evidence.neighborLogs()) {
            scanOne(line, ++order, Condition.Source.NEIGHBOR, patterns, index, scratch, relevant);
        }
    }

    /**
     * The message of the line being scanned ({@link LogMessage}), made lazily: most lines only need
     * their prefixes skipped, the automaton reads the tail in place, and the substring is made for the
     * few lines with candidates to confirm.
     */
    private static final class Message {
        String text;   // what the automaton reads from `from` on
        int from;
        private boolean tail;

        String read(String line) {
            int start = LogMessage.tailStart(line);
            tail = start >= 0;
            text = tail ? line : LogMessage.of(line);
            from = Math.max(start, 0);
            return line;
        }

        /** The message, for a line with {@code candidates} to confirm (null when there are none). */
        String message(int candidates) {
            if (candidates == 0) {
                return null;
            }
            return !tail || from == 0 ? text : text.substring(from);
        }
    }

    private void scanOne(String line, long order, Condition.Source from, List<Condition.LinePattern> patterns,
                         LiteralIndex index, LiteralIndex.Scratch scratch, boolean[] relevant) {
        String message = LogMessage.of(line);
        confirm(message, line, order, from, patterns, index.candidates(message, scratch), scratch, relevant);
    }

    /**
     * Runs the regular expressions of a line's {@code n} candidate patterns on its {@code message} (the
     * line without its prefixes, see {@link LogMessage}); records the whole {@code line} as the hit.
     */
    private void confirm(String message, String line, long order, Condition.Source from, List<Condition.LinePattern> patterns,
                         int n, LiteralIndex.Scratch scratch, boolean[] relevant) {
        String shortLine = null;
        String kept;
        // a JSON logger's message is followed by its object: a pattern ending with $ is tried on the message alone
        // asked once, on the first pattern the message fails: null when the line is no JSON logger's
        boolean askedBare = false;
        String withoutObject = null;
        for (int k = 0; k < n; k++) {
            int candidate = scratch.candidate(k);
            Condition.LinePattern p = patterns.get(candidate);
            if (!relevant[candidate] || !p.source().covers(from)) {
                continue;
            }
            boolean accepted = p.accepts(message);
            if (!accepted && message != line) {
                if (!askedBare) {
                    withoutObject = LogMessage.withoutObject(line);
                    askedBare = true;
                }
                accepted = withoutObject != null && p.accepts(withoutObject);
            }
            if (accepted) {
                List<Hit> list = hits.get(p.index());
                if (list.size() == MAX_HITS_PER_PATTERN) {
                    retainedChars -= list.remove(0).line().length();
                }
                if (retainedChars + line.length() > MAX_RETAINED_CHARS) {
                    if (shortLine == null) {
                        shortLine = LogText.shorten(line, SHORT_HIT_CHARS);
                    }
                    kept = shortLine;
                } else {
                    kept = line;
                }
                retainedChars += kept.length();
                list.add(new Hit(kept, order, from));
            }
        }
    }

    /** Chars of the hit lines this scan keeps (each line counted once per pattern that keeps it). */
    long retainedChars() {
        return retainedChars;
    }

    public Evidence evidence() {
        return evidence;
    }

    List<Hit> hits(int patternIndex) {
        return Collections.unmodifiableList(hits.get(patternIndex));
    }
}
