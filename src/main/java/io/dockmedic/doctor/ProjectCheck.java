package io.dockmedic.doctor;

import java.util.List;

/** One check of a read {@link Project}: pure, it only looks and returns what it found. */
interface ProjectCheck {
    List<Finding> check(Project project);
}
