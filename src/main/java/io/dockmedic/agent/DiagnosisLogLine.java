package io.dockmedic.agent;

import io.dockmedic.diagnosis.Diagnosis;
import io.dockmedic.diagnosis.Report;
import io.dockmedic.text.Printable;
import io.dockmedic.watch.ContainerRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one log line per published diagnosis ({@code dockmedic.diagnosis}, INFO): where, which rule and category, the
 * title, the remedy's first step and the latest evidence line, every outside text escaped onto one line.
 */
final class DiagnosisLogLine {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.diagnosis");

    private DiagnosisLogLine() {
    }

    static void log(ContainerRef ref, Report r) {
        Diagnosis d = r.top();
        String where = (ref.project().isEmpty() ? "" : ref.project() + "/") + ref.serviceOrName();
        String firstEvidence = d.evidence().isEmpty() ? "" : d.evidence().get(d.evidence().size() - 1);
        if (firstEvidence.length() > 300) {
            firstEvidence = firstEvidence.substring(0, 300) + "…";
        }
        log.info("diagnosis {} container={} trigger={} rule={} category={} severity={} confidence={} title=\"{}\" "
                        + "remedy=\"{}\" evidence=\"{}\"{}",
                oneLine(where), oneLine(ref.name()), r.trigger(), d.rule(), d.category().id(), d.severity().id(),
                String.format(java.util.Locale.ROOT, "%.2f", d.confidence()), d.title().en(), oneLine(firstSentence(d.remedy().en())), oneLine(firstEvidence),
                (r.matched() ? "" : " signature=" + r.signature())
                        + (r.symptomOf() == null ? "" : " symptom_of=" + oneLine(r.symptomOf())));
    }

    /** The remedy's first step, for a log line that stays readable (the API has the whole text). */
    private static String firstSentence(String s) {
        int end = s.indexOf(". ");
        String first = end > 0 ? s.substring(0, end + 1) : s;
        return first.length() > 160 ? first.substring(0, 160) + "…" : first;
    }

    /** Outside text for the one-line log: control and bidi characters escaped, quotes turned into apostrophes. */
    private static String oneLine(String s) {
        return Printable.escape(s.replace('\n', ' ').replace("\"", "'"));
    }
}
