package io.streammtl.data.generate;

/**
 * One generated row of an entities data set: the entity's index, the features (rounded as written), the regression
 * target (rounded as written), the binary target, and whether the row belongs to the held-out test set.
 */
public record EntityRow(int entity, double[] features, double y, boolean above, boolean heldOut) {
}
