package io.streammtl.stream;

/** An event received but not yet learned from, and whether its prediction has already gone out. */
record PendingRow(DecodedEvent event, long timestamp, boolean emitted) {
    PendingRow markEmitted() {
        return new PendingRow(event, timestamp, true);
    }
}
