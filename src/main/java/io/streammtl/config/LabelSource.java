package io.streammtl.config;

import java.util.Map;

/**
 * Where a task's label comes from in tabular input: a column taken as is, a threshold on a column
 * (label 1 when value ≥ threshold), or a map from column values to class names.
 */
public sealed interface LabelSource {
    /** The column the label is read from. */
    String column();

    /** The column's value is the label. */
    record Column(String column) implements LabelSource {
    }

    /** Label 1 when the column's value is at least {@code threshold}, else 0. */
    record Threshold(String column, double threshold) implements LabelSource {
    }

    /** The column's raw text (numbers compared by value) names a class through {@code classByValue}. */
    record ValueMap(String column, Map<String, String> classByValue) implements LabelSource {
        public ValueMap {
            classByValue = Map.copyOf(classByValue);
        }
    }
}
