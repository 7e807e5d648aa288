package io.streammtl.stream;

/** The outcome of validating one raw record: the decoded event, or (for the dead-letter topic) its original bytes. */
record Validated(DecodedEvent event, byte[] bytes) {
    static Validated valid(DecodedEvent event) {
        return new Validated(event, event.bytes());
    }

    static Validated invalid(byte[] bytes) {
        return new Validated(null, bytes);
    }

    boolean isValid() {
        return event != null;
    }
}
