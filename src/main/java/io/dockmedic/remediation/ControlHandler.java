package io.dockmedic.remediation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.journal.Journal;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the CLI's control requests (rearm, pause, resume) that {@link ControlPoller} reads from the
 * state dir, each exactly once: journals it, changes the {@link Envelope}, and after a rearm or
 * resume has every waiting candidate looked at again.
 */
final class ControlHandler {
    private static final Logger log = LoggerFactory.getLogger("dockmedic.remediation");

    private final Envelope envelope;
    private final Recorder recorder;
    private final Runnable reconsider;

    ControlHandler(Envelope envelope, Recorder recorder, Runnable reconsider) {
        this.envelope = envelope;
        this.recorder = recorder;
        this.reconsider = reconsider;
    }

    /** Returns the answer for the CLI. */
    String apply(RequestId id, ControlRequest req) {
        ObjectNode r = Journal.record("control");
        r.put("id", id.value());
        r.setAll(req.toJson());
        recorder.journal().append(r);
        if (req instanceof ControlRequest.Rearm rearm) {
            List<Envelope.Service> hit = envelope.rearm(rearm.service());
            recorder.rearmed(hit, rearm.service());
            log.info("remediation rearmed for {}", rearm.service());
            reconsider.run();
            return hit.isEmpty() ? "nothing to rearm: no remediation state for " + rearm.service()
                    : "rearmed " + String.join(", ", hit.stream().map(s -> s.project() + "/" + s.service()).toList());
        }
        if (req instanceof ControlRequest.Pause pause) {
            Instant until = envelope.pause(pause.duration().orElse(null));
            log.info("remediation paused{}", until == null ? "" : " until " + until);
            return until == null ? "paused until resumed" : "paused until " + until;
        }
        envelope.resume();
        log.info("remediation resumed");
        reconsider.run();
        return "resumed";
    }
}
