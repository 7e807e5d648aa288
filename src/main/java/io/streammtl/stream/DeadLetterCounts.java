package io.streammtl.stream;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Dead-lettered records counted by reason, and outputs refused by the producer or broker; shared by the stream threads
 * of one service.
 */
public final class DeadLetterCounts {
    private final Map<DeadLetterReason, LongAdder> counts = new EnumMap<>(DeadLetterReason.class);

    public DeadLetterCounts() {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    private final LongAdder refused = new LongAdder();

    void incrementRefused() {
        refused.increment();
    }

    /** Output records the producer or broker refused as too large, dropped (see {@link DeadLetterHandler}). */
    public long refused() {
        return refused.sum();
    }

    void increment(DeadLetterReason reason) {
        counts.get(reason).increment();
    }

    public long count(DeadLetterReason reason) {
        return counts.get(reason).sum();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
