package io.dockmedic.diagnosis;

/** Something that wants every report the agent makes (the agent's pipeline calls it on the lane thread). */
@FunctionalInterface
public interface ReportSink {
    void accept(Report report);
}
