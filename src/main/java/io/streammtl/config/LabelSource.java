package io.streammtl.config;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a task's label comes from in tabular input: a column taken as is, a threshold on a column
 * (label 1 when value ≥ threshold), the values that mean yes (label 1, any other value 0), or a map from column
 * values to class names.
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

    /**
     * Label 1 when the column's text is one of {@code values} (numbers compared by value), 0 for any other value;
     * for binary tasks whose column holds words such as UP/DOWN. The values are kept sorted, so that the spec hash
     * does not depend on their order in the file.
     */
    record Positive(String column, Set<String> values) implements LabelSource {
        public Positive {
            if (values.isEmpty()) {
                throw new ConfigException("positive", "empty; expected the value or values that mean label 1");
            }
            for (String value : values) {
                if (value.isBlank()) {
                    throw new ConfigException("positive", "an empty value; an empty cell already means unlabeled");
                }
            }
            values = Collections.unmodifiableSortedSet(new TreeSet<>(values));
        }
    }

    /** The column's raw text (numbers compared by value) names a class through {@code classByValue}. */
    record ValueMap(String column, Map<String, String> classByValue) implements LabelSource {
        public ValueMap {
            classByValue = Map.copyOf(classByValue);
        }
    }
}
