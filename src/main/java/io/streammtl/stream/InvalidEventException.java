package io.streammtl.stream;

/** An input record that cannot be used, with the reason it is dead-lettered under and a human-readable detail. */
public final class InvalidEventException extends RuntimeException {
    private final DeadLetterReason reason;

    public InvalidEventException(DeadLetterReason reason, String detail) {
        super(reason.code() + ": " + detail);
        this.reason = reason;
    }

    public InvalidEventException(DeadLetterReason reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
