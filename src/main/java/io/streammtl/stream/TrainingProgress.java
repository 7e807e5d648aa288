package io.streammtl.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link StepListener} that keeps what a console shows: events trained on, and per model its version and per
 * task the windowed prequential metrics (as last carried by a report: at most about once a second).
 */
public final class TrainingProgress implements StepListener {
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong joinedLearned = new AtomicLong();
    private final Map<String, Snapshot> models = new ConcurrentHashMap<>();

    /**
     * The state of one model as last refreshed; {@code served} holds the windowed metrics of the predictions served
     * for tasks whose labels come later (empty without).
     */
    public record Snapshot(long version, long rejected, Map<String, Map<String, Double>> windowed,
                           Map<String, Map<String, Double>> served) {
    }

    @Override
    public void onJoinedLearned(String model, long versionLag, boolean fromExpiry) {
        joinedLearned.incrementAndGet();
    }

    /** Examples joined with labels that came later, learned so far. */
    public long joinedLearned() {
        return joinedLearned.get();
    }

    @Override
    public void onStep(String model, StepReport report) {
        events.addAndGet(report.events());
        remember(model, report);
    }

    @Override
    public void onTick(String model, StepReport report) {
        remember(model, report);
    }

    @Override
    public void onRestore(String model, StepReport report) {
        remember(model, report);
    }

    private void remember(String model, StepReport report) {
        Snapshot previous = models.get(model);
        Map<String, Map<String, Double>> windowed = report.quality() != null ? report.quality()
                : previous != null ? previous.windowed() : Map.of();
        Map<String, Map<String, Double>> served = report.servedQuality() != null ? report.servedQuality()
                : previous != null ? previous.served() : Map.of();
        models.put(model, new Snapshot(report.version(), report.rejected(), windowed, served));
    }

    /** Events in closed batches so far (early-flushed predictions of still-open batches not included). */
    public long events() {
        return events.get();
    }

    public Map<String, Snapshot> models() {
        return Map.copyOf(models);
    }
}
