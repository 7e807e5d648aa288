package io.streammtl.stream;

import io.streammtl.learn.OnlineLearner;

/**
 * Hears about every batch the trainer completes and every prediction it emits, on the stream thread that owns the
 * model; the CLI uses it for live progress and the metrics for Prometheus. Implementations must be quick and must
 * not keep the learner.
 */
@FunctionalInterface
public interface StepListener {
    void onBatch(String model, OnlineLearner learner, int events);

    /** The trainer's call per batch: {@link #onBatch} plus the nanoseconds {@code predictThenLearn} took. */
    default void onStep(String model, OnlineLearner learner, int events, long stepNanos) {
        onBatch(model, learner, events);
    }

    /**
     * One prediction went out: the event's own time, its record's timestamp and the emit time (epoch ms, the
     * stream thread's clock); {@code flushed} when sent before its batch closed. Called per event: keep it cheap.
     */
    default void onPrediction(String model, long eventTimeMs, long recordTimestampMs, long emittedMs, boolean flushed) {
    }

    /**
     * About once a second of wall-clock time, per model the stream task owns, on its stream thread, whether or not
     * events arrive: a chance to refresh what is costly to compute per batch.
     */
    default void onTick(String model, OnlineLearner learner) {
    }

    /**
     * A model was restored from the store (a start, or a task initialised again after an abort): its version,
     * counters and prequential metrics are what the last commit left.
     */
    default void onRestore(String model, OnlineLearner learner) {
    }

    /**
     * A commit is starting that makes durable {@code events} more events trained into this model since the last
     * one: the count users read as "processed", which a batch re-processed after an aborted transaction does not
     * inflate.
     */
    default void onCommitting(String model, long events) {
    }

    /** Both listeners, {@code first} first. */
    static StepListener both(StepListener first, StepListener second) {
        return new StepListener() {
            @Override
            public void onBatch(String model, OnlineLearner learner, int events) {
                first.onBatch(model, learner, events);
                second.onBatch(model, learner, events);
            }

            @Override
            public void onStep(String model, OnlineLearner learner, int events, long stepNanos) {
                first.onStep(model, learner, events, stepNanos);
                second.onStep(model, learner, events, stepNanos);
            }

            @Override
            public void onPrediction(String model, long eventTimeMs, long recordTimestampMs, long emittedMs,
                                     boolean flushed) {
                first.onPrediction(model, eventTimeMs, recordTimestampMs, emittedMs, flushed);
                second.onPrediction(model, eventTimeMs, recordTimestampMs, emittedMs, flushed);
            }

            @Override
            public void onTick(String model, OnlineLearner learner) {
                first.onTick(model, learner);
                second.onTick(model, learner);
            }

            @Override
            public void onRestore(String model, OnlineLearner learner) {
                first.onRestore(model, learner);
                second.onRestore(model, learner);
            }

            @Override
            public void onCommitting(String model, long events) {
                first.onCommitting(model, events);
                second.onCommitting(model, events);
            }
        };
    }

    StepListener NONE = (model, learner, events) -> { };
}
