package io.streammtl.data.generate;

import java.util.Locale;

/** How a stream's concept changes, after the abrupt / gradual / recurring types of Gama et al. (2014). */
public enum DriftKind {
    /** The new concept takes over at the change point. */
    ABRUPT(1),
    /** Over a window starting at the change point, rows follow the new concept with a linearly rising probability. */
    GRADUAL(1),
    /** Two concepts alternate abruptly: A, B, A, B over four equal segments by default. */
    RECURRING(3);

    private final int defaultChanges;

    DriftKind(int defaultChanges) {
        this.defaultChanges = defaultChanges;
    }

    /** Changes in a stream of this kind unless told otherwise. */
    public int defaultChanges() {
        return defaultChanges;
    }

    /** The lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code text}, ignoring case. */
    public static DriftKind parse(String text) {
        for (DriftKind kind : values()) {
            if (kind.label().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown drift kind '" + text + "' (expected abrupt, gradual or recurring)");
    }
}
