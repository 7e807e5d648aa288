package io.streammtl.stream;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Dead-lettered records counted by reason; shared by the stream threads of one service. */
public final class DeadLetterCounts {
    private final Map<DeadLetterReason, LongAdder> counts = new EnumMap<>(DeadLetterReason.class);

    public DeadLetterCounts() {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counts.put(reason, new LongAdder());
        }
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
