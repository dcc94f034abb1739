package io.dockmedic.diagnosis;

import io.dockmedic.evidence.Evidence;
import io.dockmedic.rules.RuleMatch;
import io.dockmedic.rules.RuleSet;
import io.dockmedic.text.Lines;
import io.dockmedic.text.LogText;
import io.dockmedic.text.Redactor;
import io.dockmedic.text.ReaderThread;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Classifies evidence with the current rule set and ranks the causes into a {@link Report}. */
public final class Diagnoser {
    static final int UNCLASSIFIED_LINES = 5;
    /**
     * Asked when no rule matched: the built-in {@link CategoryModel}, read on first use. It is on by
     * default because it raised held-out recall without more false positives (docs/rules.md).
     */
    static final FallbackClassifier DEFAULT_FALLBACK = lines -> CategoryModel.builtIn().classify(lines);

    private final Supplier<RuleSet> rules;
    private final FallbackClassifier fallback;

    public Diagnoser(Supplier<RuleSet> rules) {
        this(rules, DEFAULT_FALLBACK);
    }

    /** With {@code fallback} asked for a probable cause when no rule matched (never for remediation). */
    public Diagnoser(Supplier<RuleSet> rules, FallbackClassifier fallback) {
        this.rules = rules;
        this.fallback = fallback;
    }

    public Report diagnose(Evidence ev) {
        return diagnose(ev, ev.logLines());
    }

    /**
     * Diagnoses a log of any length read once, as it comes ({@code diagnose --log}): the rules keep
     * their few latest hits per pattern and the unclassified evidence its few most error-like lines,
     * so memory does not grow with the log. {@code ev} gives everything but the log lines (its own
     * are not read); the lines must already be redacted. {@link #diagnose(Evidence)} is this with the
     * evidence's own lines.
     */
    public Report diagnose(Evidence ev, Iterable<String> logLines) {
        return diagnose(ev, logLines, UnaryOperator.identity(), Feed.CALLER);
    }

    /**
     * A whole log read once from {@code in} ({@code diagnose --log FILE|-}): split and cleaned by
     * {@link LogText}, read on a reader thread while this thread scans it. The rules and the sample
     * see every line, but only the few lines they keep leave, redacted when kept (redacting every
     * line was the largest cost of a long log); the redaction session still sees every line in
     * order, for the private key blocks that span lines. A read error is an
     * {@link java.io.UncheckedIOException}.
     */
    public Report diagnoseLog(String name, InputStream in) {
        Iterable<String> lines = LogText.lines(in, LogText.DEFAULT_MAX_LINE_CHARS);
        Redactor redactor = Redactor.generic();
        UnaryOperator<String> pending = redactor.session()::deferred;
        return diagnose(Evidence.ofLog(name, List.of()), Lines.mapped(lines, pending), redactor::redact, Feed.READER_THREAD);
    }

    /** How a log's lines reach the rules. */
    public enum Feed {
        /** Read, sampled and scanned on the caller's thread: a container's few hundred lines. */
        CALLER,
        /**
         * Read and sampled on a reader thread while the caller's thread scans them
         * ({@link ReaderThread}): a long log uses two cores.
         */
        READER_THREAD
    }

    /**
     * {@link #diagnose(Evidence, Iterable)} of lines not yet redacted, fed as {@code feed} says: {@code redactKept} is applied
     * to the few lines the report keeps (the rules' hits, the unclassified sample) before anything
     * is derived from them, so a long log is redacted a few lines at a time instead of every line.
     * The rules decide the same on a line and on its redaction ({@code RulesIgnoreRedactionTest}).
     */
    public Report diagnose(Evidence ev, Iterable<String> logLines, UnaryOperator<String> redactKept, Feed feed) {
        Unclassified.Sample sample = new Unclassified.Sample(UNCLASSIFIED_LINES);
        Iterable<String> sampled = Lines.mapped(logLines, line -> {
            sample.offer(line);
            return line;
        });
        // the sample is only read after the scan has taken every line: the reader thread is done with it
        List<RuleMatch> matches = rules.get().classify(ev,
                feed == Feed.READER_THREAD ? ReaderThread.of(sampled, "dockmedic-log-reader") : sampled);
        List<Diagnosis> diagnoses = new ArrayList<>(matches.size());
        for (RuleMatch m : matches) {
            diagnoses.add(Diagnosis.of(m.withEvidence(redactAll(m.evidence(), redactKept))));
        }
        List<String> unclassified = List.of();
        String signature = "";
        Probable probable = null;
        if (diagnoses.isEmpty()) {
            ev.probeOutputs().forEach(sample::offer);
            unclassified = redactAll(sample.evidence(), redactKept);
            if (ev.exitCode() != null && ev.exitCode() != 0) {
                unclassified = new ArrayList<>(unclassified);
                unclassified.add("exit code " + ev.exitCode());
            }
            signature = Unclassified.signature(unclassified);
            probable = fallback.classify(unclassified).orElse(null);
        }
        return new Report(ev.containerName(), ev.containerId(), ev.project(), ev.service(), ev.trigger(), diagnoses,
                unclassified, signature, ev.eventTimeNanos(), Instant.now(), null, probable);
    }

    private static List<String> redactAll(List<String> lines, UnaryOperator<String> redact) {
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            out.add(redact.apply(line));
        }
        return out;
    }
}
