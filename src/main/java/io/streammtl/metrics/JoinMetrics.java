package io.streammtl.metrics;

import io.streammtl.config.ExpiryPolicy;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.stream.JoinListener;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of labels that come after their events: labels joined and tasks expired by task (the join hit rate
 * is joined / (joined + expired)), the label delay, the version lag between the model that served and the model
 * that learned, and the join's pending entries and bytes summed over its stream tasks. Late, orphan and duplicate
 * labels are dead letters, counted by reason in {@code streammtl_dead_letters_total}.
 */
public final class JoinMetrics implements JoinListener {
    /** Label delays: a second to a week. */
    static final double[] DELAY_BUCKETS = {1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600};
    /** Steps between serving and learning. */
    static final double[] LAG_BUCKETS = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000};

    private final MetricRegistry.Counter[] joined;
    private final MetricRegistry.Counter[][] expired;
    private final MetricRegistry.Histogram delay;
    private final MetricRegistry.Histogram versionLag;
    private final MetricRegistry.Counter negativesLearned;
    private final MetricRegistry.Gauge pendingEntries;
    private final MetricRegistry.Gauge pendingBytes;
    private final Map<String, long[]> pendingByTask = new ConcurrentHashMap<>();

    JoinMetrics(ModelConfig config, MetricRegistry registry) {
        String model = config.name();
        List<TaskConfig> tasks = config.tasks();
        var joins = registry.counter("streammtl_labels_joined_total",
                "Labels that met the prediction served for their event, by task (labels.topics).", "model", "task");
        var expiries = registry.counter("streammtl_labels_expired_total",
                "Awaited tasks whose label did not come within tasks[].label_ttl, by on_expiry policy.",
                "model", "task", "policy");
        joined = new MetricRegistry.Counter[tasks.size()];
        expired = new MetricRegistry.Counter[tasks.size()][ExpiryPolicy.values().length];
        for (int t = 0; t < tasks.size(); t++) {
            if (!tasks.get(t).delayed()) {
                continue;
            }
            joined[t] = joins.labels(model, tasks.get(t).name());
            for (ExpiryPolicy policy : ExpiryPolicy.values()) {
                expired[t][policy.ordinal()] = expiries.labels(model, tasks.get(t).name(),
                        policy.name().toLowerCase(Locale.ROOT));
            }
        }
        delay = registry.histogram("streammtl_label_delay_seconds",
                "From an event's event_time to its label's label_time, for labels joined.", DELAY_BUCKETS, "model")
                .labels(model);
        versionLag = registry.histogram("streammtl_label_version_lag_steps",
                "Steps between the model version that served a prediction and the one that learned its label.",
                LAG_BUCKETS, "model").labels(model);
        negativesLearned = registry.counter("streammtl_expiry_negatives_learned_total",
                "Examples learned with the 0 labels of on_expiry: negative.", "model").labels(model);
        pendingEntries = registry.gauge("streammtl_label_join_pending_entries",
                "Entries in the label join's store of this instance: events awaiting labels, labels awaiting their"
                        + " events, and expired events remembered for labels.late_window.", "model").labels(model);
        pendingBytes = registry.gauge("streammtl_label_join_pending_bytes",
                "Bytes of those entries' values in the label join's store of this instance.", "model").labels(model);
    }

    @Override
    public void onJoined(String model, int task, long delayMillis) {
        joined[task].inc();
        delay.observe(Math.max(0, delayMillis) / 1e3);
    }

    @Override
    public void onExpired(String model, int task, ExpiryPolicy policy) {
        expired[task][policy.ordinal()].inc();
    }

    @Override
    public void onPending(String taskId, long entries, long bytes) {
        pendingByTask.put(taskId, new long[] {entries, bytes});
        long e = 0;
        long b = 0;
        for (long[] v : pendingByTask.values()) {
            e += v[0];
            b += v[1];
        }
        pendingEntries.set(e);
        pendingBytes.set(b);
    }

    /** An example joined with later labels was learned {@code lag} steps after the version that served it. */
    void learned(long lag, boolean fromExpiry) {
        versionLag.observe(Math.max(0, lag));
        if (fromExpiry) {
            negativesLearned.inc();
        }
    }
}
