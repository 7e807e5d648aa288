package io.streammtl.stream;

import io.streammtl.learn.OnlineLearner;

/**
 * Hears about every batch the trainer completes, on the stream thread that owns the model; the CLI uses it
 * for live progress. Implementations must be quick and must not keep the learner.
 */
@FunctionalInterface
public interface StepListener {
    void onBatch(String model, OnlineLearner learner, int events);

    StepListener NONE = (model, learner, events) -> { };
}
