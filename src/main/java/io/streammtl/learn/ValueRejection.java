package io.streammtl.learn;

import java.util.Locale;

/** Why an example is kept from the model, with a detail naming the value: outside its range, or an outlier. */
public record ValueRejection(Kind kind, String detail) {
    /** Which value was wrong, and how. */
    public enum Kind {
        /** A regression label outside its task's {@code label_range}. */
        LABEL_OUT_OF_RANGE,
        /** A numeric feature outside its {@code range}. */
        FEATURE_OUT_OF_RANGE,
        /** A regression label far outside the running target statistics. */
        LABEL_OUTLIER,
        /** A numeric feature far outside the running feature statistics. */
        FEATURE_OUTLIER;

        /** Lower-case, hyphenated ({@code label-outlier}): the same code as the stream's dead-letter reason. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
