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
    /** A label record without labels. */
    NO_LABELS,
    /** A label record for a task without a {@code label_ttl}, whose labels come only inside events. */
    TASK_NOT_DELAYED,
    /** A label record whose example weight is not a finite number in (0, 1000]. */
    INVALID_WEIGHT,
    /** A label for an event and task that already has one (in the event, or joined before). */
    DUPLICATE_LABEL,
    /** A label after its task's TTL expired. */
    LATE_LABEL,
    /** A label whose event was not seen within {@code labels.orphan_wait}. */
    ORPHAN_LABEL,
    /** A label for a family task in an event without the family's key field (in its categorical map). */
    MISSING_FAMILY_KEY,
    PROCESSING_ERROR;

    /** Lower-case, hyphenated: {@code non-finite-feature}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
