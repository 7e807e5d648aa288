package io.streammtl.stream;

import io.streammtl.stream.join.JoinedExample;

/**
 * An event received but not yet learned from, and whether its prediction has already gone out; or a served event
 * joined with labels that came later ({@code joined} set), whose prediction went out long ago.
 */
record PendingRow(DecodedEvent event, long timestamp, boolean emitted, JoinedExample joined) {
    PendingRow(DecodedEvent event, long timestamp, boolean emitted) {
        this(event, timestamp, emitted, null);
    }

    PendingRow markEmitted() {
        return new PendingRow(event, timestamp, true, joined);
    }
}
