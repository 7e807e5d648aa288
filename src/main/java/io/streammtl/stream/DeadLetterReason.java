package io.streammtl.stream;

import java.util.Locale;

/** Why an input record went to the dead-letter topic; its {@link #code()} is the reason header and metric label. */
public enum DeadLetterReason {
    UNDECODABLE,
    UNKNOWN_SCHEMA,
    UNKNOWN_TASK,
    MISSING_FEATURE,
    EXTRA_FEATURE,
    WRONG_DENSE_LENGTH,
    NON_FINITE_FEATURE,
    UNKNOWN_CLASS,
    NON_FINITE_LABEL,
    BINARY_LABEL_NOT_0_1,
    WRONG_LABEL_TYPE,
    WRONG_FEATURE_TYPE,
    MIXED_FEATURE_SETS,
    LABEL_OUT_OF_RANGE,
    FEATURE_OUT_OF_RANGE,
    LABEL_OUTLIER,
    FEATURE_OUTLIER,
    ID_TOO_LONG,
    UNKNOWN_MODEL,
    RECORD_TOO_LARGE,
    PROCESSING_ERROR;

    /** Lower-case, hyphenated: {@code non-finite-feature}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
