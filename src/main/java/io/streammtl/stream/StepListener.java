package io.streammtl.stream;

/**
 * Hears about every batch the trainer completes and every prediction it emits, on the stream thread that owns the
 * model; the CLI uses it for live progress and the metrics for Prometheus. It gets {@link StepReport} values, never
 * the live learner. Implementations must be quick.
 */
@FunctionalInterface
public interface StepListener {
    /** A batch closed: the learner predicted, then learned from it. */
    void onStep(String model, StepReport report);

    /**
     * One prediction went out: the event's own time, its record's timestamp and the emit time (epoch ms, the
     * stream thread's clock); {@code flushed} when sent before its batch closed. Called per event: keep it cheap.
     */
    default void onPrediction(String model, long eventTimeMs, long recordTimestampMs, long emittedMs, boolean flushed) {
    }

    /**
     * About once a second of wall-clock time, per model the stream task owns, when steps since the last report left
     * its windowed quality stale: the report carries it up to date.
     */
    default void onTick(String model, StepReport report) {
    }

    /**
     * A model was restored from the store (a start, or a task initialised again after an abort): its version,
     * counters and prequential metrics are what the last commit left.
     */
    default void onRestore(String model, StepReport report) {
    }

    /**
     * A commit is starting that makes durable {@code events} more events trained into this model since the last
     * one: the count users read as "processed", which a batch re-processed after an aborted transaction does not
     * inflate.
     */
    default void onCommitting(String model, long events) {
    }

    /**
     * An example joined with labels that came later was learned: {@code versionLag} steps after the model version
     * that served its prediction; {@code fromExpiry} when its labels are the 0s of {@code on_expiry: negative}.
     */
    default void onJoinedLearned(String model, long versionLag, boolean fromExpiry) {
    }

    /**
     * Champion and challengers ({@code auto:}) after a batch closed or a restore: the champion, the live variants'
     * window losses and the batch's promotions, prunings and starts.
     */
    default void onSelection(String model, SelectionReport report) {
    }

    /** Both listeners, {@code first} first. */
    static StepListener both(StepListener first, StepListener second) {
        return new StepListener() {
            @Override
            public void onStep(String model, StepReport report) {
                first.onStep(model, report);
                second.onStep(model, report);
            }

            @Override
            public void onPrediction(String model, long eventTimeMs, long recordTimestampMs, long emittedMs,
                                     boolean flushed) {
                first.onPrediction(model, eventTimeMs, recordTimestampMs, emittedMs, flushed);
                second.onPrediction(model, eventTimeMs, recordTimestampMs, emittedMs, flushed);
            }

            @Override
            public void onTick(String model, StepReport report) {
                first.onTick(model, report);
                second.onTick(model, report);
            }

            @Override
            public void onRestore(String model, StepReport report) {
                first.onRestore(model, report);
                second.onRestore(model, report);
            }

            @Override
            public void onCommitting(String model, long events) {
                first.onCommitting(model, events);
                second.onCommitting(model, events);
            }

            @Override
            public void onJoinedLearned(String model, long versionLag, boolean fromExpiry) {
                first.onJoinedLearned(model, versionLag, fromExpiry);
                second.onJoinedLearned(model, versionLag, fromExpiry);
            }

            @Override
            public void onSelection(String model, SelectionReport report) {
                first.onSelection(model, report);
                second.onSelection(model, report);
            }
        };
    }

    StepListener NONE = (model, report) -> { };
}
