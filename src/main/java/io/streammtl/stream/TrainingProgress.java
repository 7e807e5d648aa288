package io.streammtl.stream;

import io.streammtl.config.TaskConfig;
import io.streammtl.learn.OnlineLearner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link StepListener} that keeps what a console shows: events trained on, and per model its version and per
 * task the windowed prequential metrics (those refreshed at most every 200 ms: computing them costs a window).
 */
public final class TrainingProgress implements StepListener {
    private static final long REFRESH_NANOS = 200_000_000L;

    private final AtomicLong events = new AtomicLong();
    private final Map<String, Snapshot> models = new ConcurrentHashMap<>();
    private final Map<String, Long> refreshed = new ConcurrentHashMap<>();

    /** The state of one model as last refreshed. */
    public record Snapshot(long version, long rejected, Map<String, Map<String, Double>> windowed) {
    }

    @Override
    public void onBatch(String model, OnlineLearner learner, int batchEvents) {
        events.addAndGet(batchEvents);
        long now = System.nanoTime();
        Long last = refreshed.get(model);
        Snapshot previous = models.get(model);
        if (previous != null && last != null && now - last < REFRESH_NANOS) {
            models.put(model, new Snapshot(learner.counters().applied(), learner.counters().rejected(),
                    previous.windowed()));
            return;
        }
        refreshed.put(model, now);
        models.put(model, capture(learner));
    }

    /** Captures every task's windowed metrics of a learner. */
    public static Snapshot capture(OnlineLearner learner) {
        Map<String, Map<String, Double>> windowed = new LinkedHashMap<>();
        for (int t = 0; t < learner.config().tasks().size(); t++) {
            TaskConfig task = learner.config().tasks().get(t);
            windowed.put(task.name(), learner.metrics(t).windowed());
        }
        return new Snapshot(learner.counters().applied(), learner.counters().rejected(), windowed);
    }

    /** Events in closed batches so far (early-flushed predictions of still-open batches not included). */
    public long events() {
        return events.get();
    }

    public Map<String, Snapshot> models() {
        return Map.copyOf(models);
    }
}
