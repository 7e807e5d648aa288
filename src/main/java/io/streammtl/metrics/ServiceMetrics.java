package io.streammtl.metrics;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.DriftMonitor;
import io.streammtl.learn.ChallengeEvent;
import io.streammtl.learn.DriftSignal;
import io.streammtl.learn.drift.DriftLevel;
import io.streammtl.model.StepOutcome;
import io.streammtl.stream.DeadLetterCounts;
import io.streammtl.stream.JoinListener;
import io.streammtl.stream.SelectionReport;
import io.streammtl.stream.ServingListener;
import io.streammtl.stream.StepListener;
import io.streammtl.stream.StepReport;
import io.streammtl.stream.StreamService;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's Prometheus metrics ({@code streammtl_*}). A {@link StepListener}: the stream thread that owns a
 * model hands it a {@link StepReport} of every batch and each prediction, and it copies what it needs into
 * thread-safe metric objects, so a scrape never touches the model; {@link ServiceSamples} reads the counts and health
 * that are sampled at scrape time. Labels come only from the spec: {@code model} is the spec's name (a spec serving
 * several model keys adds them up; its gauges show the key trained last), {@code task}, {@code metric},
 * {@code detector}, {@code variant} (of {@code auto:}), and fixed sets of {@code reason}, {@code outcome} and
 * {@code level}.
 */
public final class ServiceMetrics implements StepListener {
    /** Sub-millisecond to second buckets for one optimiser step. */
    static final double[] STEP_BUCKETS = {25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3,
        50e-3, 100e-3, 250e-3, 1};
    /** Event (or record) time to prediction: sub-millisecond to minutes (replays of old events land in +Inf). */
    static final double[] LATENCY_BUCKETS = {0.5e-3, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 50e-3, 100e-3, 250e-3, 0.5, 1,
        2.5, 5, 10, 30, 60, 300};
    static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 16384, 65536};

    private final MetricRegistry registry;
    private final ModelConfig config;
    private final String model;
    private final MetricRegistry.Counter[] labeled;
    private final MetricRegistry.Counter[] unlabeled;
    private final MetricRegistry.Counter predictedInStep;
    private final MetricRegistry.Counter predictedEarly;
    private final MetricRegistry.Histogram eventLatency;
    private final MetricRegistry.Histogram recordLatency;
    private final MetricRegistry.Histogram stepDuration;
    private final MetricRegistry.Histogram batchEvents;
    private final MetricRegistry.Counter stepsApplied;
    private final MetricRegistry.Counter rejectedLoss;
    private final MetricRegistry.Counter rejectedGradient;
    private final MetricRegistry.Counter clipped;
    private final MetricRegistry.Gauge version;
    private final MetricRegistry.Gauge lastStep;
    private final MetricRegistry.Gauge gradientNorm;
    private final MetricRegistry.Gauge[] taskLoss;
    private final MetricRegistry.Gauge[] taskWeight;
    private final MetricRegistry.Gauge[] driftLevel;
    private final MetricRegistry.Family<MetricRegistry.Counter> driftEvents;
    private final MetricRegistry.Family<MetricRegistry.Counter> driftChallenges;
    private final MetricRegistry.Family<MetricRegistry.Gauge> prequential;
    /** The windowed-quality gauges by task/metric, made when a metric first appears. */
    private final Map<String, MetricRegistry.Gauge> qualityGauges = new ConcurrentHashMap<>();
    private final MetricRegistry.Family<MetricRegistry.Gauge> served;
    private final Map<String, MetricRegistry.Gauge> servedGauges = new ConcurrentHashMap<>();
    /** The delayed-label metrics, or null when every label comes inside its event. */
    private final JoinMetrics join;
    private final ServingMetrics serving;
    private final AutoMetrics auto;
    private final MetricRegistry.Counter predictStage;
    private final MetricRegistry.Counter learnStage;
    private final ServiceSamples samples;
    private final FamilyMetrics families;

    /** Metrics of a service running {@code config}, with the JVM's metrics and off-heap memory. */
    public ServiceMetrics(ModelConfig config) {
        this(config, io.streammtl.config.EndpointConfig.DEFAULT_FAMILY_WORST_K);
    }

    /** As above, naming each task family's {@code familyWorstK} worst members ({@code metrics.family_worst_k}). */
    public ServiceMetrics(ModelConfig config, int familyWorstK) {
        this(config, new MetricRegistry(), familyWorstK);
        registry.registerJvm();
        registry.sampled(new NativeMemory());
    }

    /** Metrics registered in {@code registry} (tests use a bare one). */
    public ServiceMetrics(ModelConfig config, MetricRegistry registry) {
        this(config, registry, io.streammtl.config.EndpointConfig.DEFAULT_FAMILY_WORST_K);
    }

    /** Metrics registered in {@code registry}, naming each task family's {@code familyWorstK} worst members. */
    public ServiceMetrics(ModelConfig config, MetricRegistry registry, int familyWorstK) {
        this.registry = registry;
        this.config = config;
        this.model = config.name();
        this.samples = new ServiceSamples(model);
        this.auto = new AutoMetrics(model, registry);
        List<TaskConfig> tasks = config.tasks();
        int n = tasks.size();
        var taskEvents = registry.counter("streammtl_task_events_total",
                "Events in closed batches by task: labeled for the task (scored and learned from) or not.",
                "model", "task", "outcome");
        labeled = new MetricRegistry.Counter[n];
        unlabeled = new MetricRegistry.Counter[n];
        var predictions = registry.counter("streammtl_predictions_total",
                "Predictions emitted: with the step of their batch, or flushed early with the last model.",
                "model", "outcome");
        predictedInStep = predictions.labels(model, "stepped");
        predictedEarly = predictions.labels(model, "flushed");
        eventLatency = registry.histogram("streammtl_event_to_prediction_seconds",
                "From the event's own event_time to its prediction leaving the trainer.", LATENCY_BUCKETS, "model")
                .labels(model);
        recordLatency = registry.histogram("streammtl_record_to_prediction_seconds",
                "From the input record's Kafka timestamp to its prediction leaving the trainer.", LATENCY_BUCKETS,
                "model").labels(model);
        var stages = registry.counter("streammtl_stage_events_total",
                "Events through each stage of this instance: predicted (predict), and learned, counted as each commit"
                        + " makes them durable (learn).", "model", "stage");
        predictStage = stages.labels(model, "predict");
        learnStage = stages.labels(model, "learn");
        stepDuration = registry.histogram("streammtl_step_duration_seconds",
                "Time of one predict-then-learn call on a micro-batch (forward, scoring, backward, update).",
                STEP_BUCKETS, "model").labels(model);
        batchEvents = registry.histogram("streammtl_batch_events", "Events per closed micro-batch.", BATCH_BUCKETS,
                "model").labels(model);
        stepsApplied = registry.counter("streammtl_steps_total", "Optimiser steps applied.", "model").labels(model);
        var rejected = registry.counter("streammtl_steps_rejected_total",
                "Optimiser steps rejected (model left unchanged), by reason.", "model", "reason");
        rejectedLoss = rejected.labels(model, "non_finite_loss");
        rejectedGradient = rejected.labels(model, "non_finite_gradient");
        clipped = registry.counter("streammtl_steps_clipped_total",
                "Applied steps whose gradient was clipped to training.clip_norm.", "model").labels(model);
        version = registry.gauge("streammtl_model_version", "Model version: optimiser steps applied so far.", "model")
                .labels(model);
        lastStep = registry.gauge("streammtl_model_last_step_timestamp_seconds",
                "Wall-clock time of the last applied step (Unix seconds).", "model").labels(model);
        gradientNorm = registry.gauge("streammtl_gradient_norm",
                "Global L2 norm of the last step's gradient, before clipping.", "model").labels(model);
        var loss = registry.gauge("streammtl_task_loss",
                "Task's training loss on the last step's batch (standardised units for regression).", "model", "task");
        var weight = registry.gauge("streammtl_task_weight", "Task's loss weight λ_t.", "model", "task");
        var drift = registry.gauge("streammtl_drift_level",
                "Drift detector level of a watched task: 0 stable, 1 warning, 2 drift.", "model", "task", "detector");
        driftChallenges = registry.counter("streammtl_drift_challenges_total",
                "Drift challengers (response challenge) whose race ended: adopted (it replaced the model) or dropped.",
                "model", "task", "outcome");
        driftEvents = registry.counter("streammtl_drift_events_total",
                "Drift detector changes of level on a watched task, by the level reached.",
                "model", "task", "detector", "level");
        prequential = registry.gauge("streammtl_task_prequential",
                "Task's prequential (test-then-train) metric over the last metrics.window labeled events.",
                "model", "task", "metric");
        var floor = registry.gauge("streammtl_task_quality_floor",
                "Lowest acceptable windowed prequential value of a task's metric (tasks[].quality_floor).",
                "model", "task", "metric");
        taskLoss = new MetricRegistry.Gauge[n];
        taskWeight = new MetricRegistry.Gauge[n];
        driftLevel = new MetricRegistry.Gauge[n];
        DriftMonitor monitor = new DriftMonitor(config);
        for (int t = 0; t < n; t++) {
            TaskConfig task = tasks.get(t);
            labeled[t] = taskEvents.labels(model, task.name(), "labeled");
            unlabeled[t] = taskEvents.labels(model, task.name(), "unlabeled");
            taskLoss[t] = loss.labels(model, task.name());
            taskWeight[t] = weight.labels(model, task.name());
            taskWeight[t].set(task.weight());
            if (monitor.watches(t)) {
                String detector = monitor.detectorName(t);
                driftLevel[t] = drift.labels(model, task.name(), detector);
                driftLevel[t].set(0);
                for (DriftLevel level : List.of(DriftLevel.WARNING, DriftLevel.DRIFT)) {
                    driftEvents.labels(model, task.name(), detector, levelName(level));
                }
            }
            if (task.qualityFloor() != null) {
                floor.labels(model, task.name(), task.qualityFloor().metric()).set(task.qualityFloor().min());
            }
        }
        served = registry.gauge("streammtl_task_served_quality",
                "Task's windowed metric of the predictions actually served, scored when their labels came later"
                        + " (tasks with a label_ttl); streammtl_task_prequential scores the learner at learning time.",
                "model", "task", "metric");
        join = tasks.stream().anyMatch(TaskConfig::delayed) ? new JoinMetrics(config, registry) : null;
        serving = new ServingMetrics(model, registry);
        registry.gauge("streammtl_build_info", "Always 1; the code version as a label.", "version")
                .labels(io.streammtl.stream.StreamService.codeVersion()).set(1);
        registry.sampled(samples::sample);
        families = new FamilyMetrics(config, registry, familyWorstK);
    }

    /** Follows a started service: its dead letters, its Kafka Streams metrics and its health. */
    public void attach(StreamService service) {
        samples.attach(service);
        registry.sampled(new KafkaStreamsMetrics(() -> service.streams().metrics()));
    }

    /** Follows the dead letters of a topology run without a {@link StreamService} (a test driver's). */
    public void follow(DeadLetterCounts counts) {
        samples.follow(counts);
    }

    public MetricRegistry registry() {
        return registry;
    }

    /** What the model broadcast and {@code POST /predict} report. */
    public ServingListener servingListener() {
        return serving;
    }

    /** What the label join reports, or a listener that ignores it when every label comes inside its event. */
    public JoinListener joinListener() {
        return join == null ? JoinListener.NONE : join;
    }

    @Override
    public void onJoinedLearned(String key, long versionLag, boolean fromExpiry) {
        if (join != null) {
            join.learned(versionLag, fromExpiry);
        }
    }

    /** Health for the HTTP endpoint, following the attached service. */
    public HealthCheck health() {
        return samples.health();
    }

    @Override
    public void onStep(String key, StepReport report) {
        batchEvents.observe(report.events());
        if (report.stepNanos() >= 0) {
            stepDuration.observe(report.stepNanos() / 1e9);
        }
        StepOutcome outcome = report.outcome();
        if (outcome != null) {
            switch (outcome.status()) {
                case APPLIED -> {
                    stepsApplied.inc();
                    lastStep.set(System.currentTimeMillis() / 1e3);
                    if (outcome.clipped()) {
                        clipped.inc();
                    }
                }
                case NON_FINITE_LOSS -> rejectedLoss.inc();
                case NON_FINITE_GRADIENT -> rejectedGradient.inc();
                case NO_LABELS -> { }
            }
            if (outcome.status() != StepOutcome.Status.NO_LABELS && Double.isFinite(outcome.gradientNorm())) {
                gradientNorm.set(outcome.gradientNorm());
            }
            double[] losses = outcome.taskLosses();
            for (int t = 0; losses != null && t < losses.length && t < taskLoss.length; t++) {
                if (Double.isFinite(losses[t])) {
                    taskLoss[t].set(losses[t]);
                }
            }
        }
        version.set(report.version());
        for (int t = 0; t < labeled.length; t++) {
            long newly = report.newlyLabeled(t);
            labeled[t].inc(newly);
            unlabeled[t].inc(Math.max(0, report.events() - newly));
            taskWeight[t].set(report.taskWeight(t));
            if (driftLevel[t] != null) {
                driftLevel[t].set(report.driftLevel(t).ordinal());
            }
        }
        for (DriftSignal signal : report.signals()) {
            driftEvents.labels(model, signal.taskName(), signal.detector(), levelName(signal.level())).inc();
        }
        for (ChallengeEvent challenge : report.challenges()) {
            driftChallenges.labels(model, challenge.taskName(),
                    challenge.kind().name().toLowerCase(java.util.Locale.ROOT)).inc();
        }
        showQuality(report);
    }

    @Override
    public void onSelection(String key, SelectionReport report) {
        auto.report(report);
    }

    @Override
    public void onCommitting(String key, long events) {
        samples.trained(events);
        learnStage.inc(events);
    }

    /** Shows a restored model's version and quality at once. */
    @Override
    public void onRestore(String key, StepReport report) {
        version.set(report.version());
        showQuality(report);
    }

    /** Brings the windowed metrics up to date once events stop arriving. */
    @Override
    public void onTick(String key, StepReport report) {
        showQuality(report);
    }

    private void showQuality(StepReport report) {
        families.show(report);
        if (report.quality() == null) {
            return;
        }
        for (int t = 0; t < labeled.length; t++) {
            if (report.scored(t) == 0) {
                continue;
            }
            String task = config.tasks().get(t).name();
            for (Map.Entry<String, Double> metric : report.quality().get(task).entrySet()) {
                qualityGauges.computeIfAbsent(task + "/" + metric.getKey(),
                        k -> prequential.labels(model, task, metric.getKey())).set(metric.getValue());
            }
        }
        if (report.servedQuality() != null) {
            report.servedQuality().forEach((task, metrics) -> metrics.forEach((name, value) ->
                    servedGauges.computeIfAbsent(task + "/" + name, k -> served.labels(model, task, name))
                            .set(value)));
        }
    }

    @Override
    public void onPrediction(String key, long eventTimeMs, long recordTimestampMs, long emittedMs, boolean flushed) {
        (flushed ? predictedEarly : predictedInStep).inc();
        predictStage.inc();
        eventLatency.observe(Math.max(0, emittedMs - eventTimeMs) / 1e3);
        recordLatency.observe(Math.max(0, emittedMs - recordTimestampMs) / 1e3);
    }

    private static String levelName(DriftLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }
}
