package io.streammtl.stream.join;

/** Where one task's label of a served event stands in the join. */
public enum LabelState {
    /** The task has no {@code label_ttl}: its labels come only inside events. */
    NOT_DELAYED,
    /** The event itself carried the label; a later one is a duplicate. */
    IN_EVENT,
    /** Waiting on the labels topic until the task's TTL. */
    AWAITING,
    /** Joined and sent to the learner; a later one is a duplicate. */
    JOINED,
    /** The TTL passed first; a later label is late. */
    EXPIRED;

    private static final LabelState[] VALUES = values();

    static LabelState of(byte code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException("unknown label state " + code);
        }
        return VALUES[code];
    }

    byte code() {
        return (byte) ordinal();
    }
}
