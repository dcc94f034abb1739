package io.dockmedic.yaml;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when validation found one or more problems; carries all of them, never just the first. */
public class ProblemsException extends Exception {
    private final List<Problem> problems;

    public ProblemsException(String what, List<Problem> problems) {
        super(what + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
