package io.streammtl.stream;

import io.streammtl.config.ModelConfig;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.PrequentialScoring;
import io.streammtl.learn.drift.DriftLevel;
import io.streammtl.learn.metrics.PrequentialMetrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the {@link StepReport}s of one model's learner: it remembers the label counts of the last report (so each
 * report carries only new labels) and when the windowed metrics were last computed (at most once a second, and on a
 * tick once steps left them stale). Used on the stream thread that owns the model.
 */
public final class StepReporter {
    /** Windowed prequential metrics cost a pass over the window: computed at most this often per model. */
    static final long QUALITY_REFRESH_NANOS = 1_000_000_000L;

    private final List<String> taskNames;
    private final PrequentialScoring served;
    private final long[] labeledSeen;
    private long qualityRefreshed = Long.MIN_VALUE;
    private boolean stale;

    /** A reporter of a learner of {@code config} whose label counts start at zero. */
    public StepReporter(ModelConfig config) {
        this(config, null);
    }

    /** A reporter that also reports the quality of served predictions scored in {@code served} (null: none). */
    public StepReporter(ModelConfig config, PrequentialScoring served) {
        this.served = served;
        this.taskNames = config.tasks().stream().map(t -> t.name()).toList();
        this.labeledSeen = new long[taskNames.size()];
    }

    /** The report after a step over {@code events} events that took {@code stepNanos} (-1: not timed). */
    public StepReport step(OnlineLearner learner, int events, long stepNanos) {
        stale = true;
        long now = System.nanoTime();
        boolean refresh = qualityRefreshed == Long.MIN_VALUE || now - qualityRefreshed >= QUALITY_REFRESH_NANOS;
        return report(learner, events, stepNanos, refresh, now);
    }

    /** The report of a restored learner: its labels so far are not new, its quality is shown at once. */
    public StepReport restored(OnlineLearner learner) {
        for (int t = 0; t < labeledSeen.length; t++) {
            labeledSeen[t] = seen(learner.metrics(t));
        }
        return report(learner, 0, -1, true, System.nanoTime());
    }

    /** A report with up-to-date quality once steps left it stale, or null when nothing changed since. */
    public StepReport tick(OnlineLearner learner) {
        return stale ? report(learner, 0, -1, true, System.nanoTime()) : null;
    }

    private StepReport report(OnlineLearner learner, int events, long stepNanos, boolean refresh, long now) {
        int tasks = labeledSeen.length;
        long[] newly = new long[tasks];
        long[] scored = new long[tasks];
        DriftLevel[] levels = new DriftLevel[tasks];
        for (int t = 0; t < tasks; t++) {
            PrequentialMetrics metrics = learner.metrics(t);
            long total = seen(metrics);
            newly[t] = Math.max(0, total - labeledSeen[t]);
            labeledSeen[t] = total;
            scored[t] = metrics.count();
            levels[t] = learner.drift().level(t);
        }
        Map<String, Map<String, Double>> quality = null;
        Map<String, Map<String, Double>> servedQuality = null;
        int[] members = new int[tasks];
        List<List<Map.Entry<String, Double>>> worst = null;
        for (int t = 0; t < tasks; t++) {
            members[t] = learner.backend().members(t) == null ? -1 : learner.backend().members(t).size();
        }
        if (refresh) {
            worst = new java.util.ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                worst.add(learner.worstMembers(t, io.streammtl.config.EndpointConfig.MAX_FAMILY_WORST_K));
            }
            qualityRefreshed = now;
            stale = false;
            quality = new LinkedHashMap<>();
            for (int t = 0; t < tasks; t++) {
                quality.put(taskNames.get(t), learner.metrics(t).windowed());
            }
            if (served != null) {
                servedQuality = new LinkedHashMap<>();
                for (int t = 0; t < tasks; t++) {
                    if (served.metrics(t).count() > 0) {
                        servedQuality.put(taskNames.get(t), served.metrics(t).windowed());
                    }
                }
            }
        }
        return new StepReport(events, stepNanos, learner.lastOutcome(), learner.counters().applied(),
                learner.counters().rejected(), newly, scored, learner.taskWeights(), levels, learner.lastSignals(),
                quality, servedQuality, members, worst, learner.lastChallengeEvents());
    }

    private static long seen(PrequentialMetrics metrics) {
        return metrics.count() + metrics.skipped();
    }
}
