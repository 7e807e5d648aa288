package io.streammtl.learn;

/**
 * How labels were delayed in an evaluation: each example learned {@code delay} examples after it arrived, and the
 * mean number of optimiser steps between serving a labeled example and learning it.
 */
public record DelayedLabels(int delay, double meanVersionLag) {
    public DelayedLabels {
        if (delay < 0 || !(meanVersionLag >= 0)) {
            throw new IllegalArgumentException("delay " + delay + " and version lag " + meanVersionLag
                    + " must be at least 0");
        }
    }
}
