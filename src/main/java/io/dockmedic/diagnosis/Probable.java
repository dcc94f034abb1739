package io.dockmedic.diagnosis;

import io.dockmedic.rules.Category;

/**
 * A statistical guess at the category of a failure no rule recognised: the category, a confidence
 * below any rule's (at most {@link CategoryModel#MAX_CONFIDENCE}) and the evidence line it was read
 * from. Shown to people as "probable"; never a {@link Diagnosis}, so never remediated, counted as a
 * diagnosis or correlated.
 */
public record Probable(Category category, double confidence, String line) {
}
