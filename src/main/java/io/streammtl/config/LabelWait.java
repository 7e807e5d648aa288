package io.streammtl.config;

/**
 * How long a task's label may arrive after its event, on the labels topic ({@code tasks[i].label_ttl}, in
 * milliseconds), and what an event teaches when it does not ({@code on_expiry}).
 */
public record LabelWait(long ttlMillis, ExpiryPolicy onExpiry) {
    /** Longest accepted TTL: a year; the join keeps every pending event this long. */
    public static final long MAX_TTL_MILLIS = 366L * 24 * 3600 * 1000;

    public LabelWait {
        if (ttlMillis < 1 || ttlMillis > MAX_TTL_MILLIS) {
            throw new ConfigException("label_ttl", Durations.format(ttlMillis)
                    + " is out of range; expected 1ms to 366d");
        }
        if (onExpiry == null) {
            throw new ConfigException("on_expiry", "missing; expected one of drop, negative");
        }
    }
}
