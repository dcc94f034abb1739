package io.dockmedic.remediation;

/** How a playbook's steps are named in reasons and the journal: {@code restart -> wait-healthy}. */
final class Steps {
    private Steps() {
    }

    static String describe(Playbook pb) {
        return String.join(" -> ", pb.steps().stream()
                .map(s -> s.kind().id() + (s.service() == null ? "" : " " + s.service())).toList());
    }
}
