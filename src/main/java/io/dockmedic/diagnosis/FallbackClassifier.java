package io.dockmedic.diagnosis;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Diagnoser} asks when no rule matched: a probable category for the unclassified
 * evidence lines, or nothing. {@link #NONE} never guesses; {@link CategoryModel} is the statistical one.
 */
@FunctionalInterface
public interface FallbackClassifier {
    FallbackClassifier NONE = lines -> Optional.empty();

    Optional<Probable> classify(List<String> unclassifiedLines);
}
