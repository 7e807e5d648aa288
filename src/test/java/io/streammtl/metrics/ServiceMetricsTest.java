package io.streammtl.metrics;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.stream.StepReporter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceMetricsTest {
    private static final String SPEC = """
            name: small
            seed: 3
            features: [{name: a}, {name: b}]
            tasks:
              - name: y
                kind: regression
                quality_floor: {metric: r2, min: 0.25}
              - name: p
                kind: binary
                weight: 0.5
                drift: {detector: adwin}
            trunk: {layers: [8]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 16}
            metrics: {window: 50}
            """;

    private static String scrape(MetricRegistry registry) throws IOException {
        StringWriter out = new StringWriter();
        registry.write(out);
        return out.toString();
    }

    /** A batch of 16 where every row is labeled for y and only even rows for p; p's labels inverted if asked. */
    private static ExampleBatch batch(ExampleBatch batch, SplittableRandom random, boolean invert) {
        batch.clear();
        while (!batch.isFull()) {
            float a = (float) random.nextDouble();
            float b = (float) random.nextDouble();
            int row = batch.add(new float[] {a, b});
            batch.label(row, 0, 2 * a - b);
            if (row % 2 == 0) {
                boolean positive = a > b;
                batch.label(row, 1, positive != invert ? 1 : 0);
            }
        }
        return batch;
    }

    @Test
    void shouldCountStepsLabelsAndPredictionsFromTheListenerCalls() throws IOException {
        ModelConfig config = ModelConfigLoader.parse(SPEC).model();
        MetricRegistry registry = new MetricRegistry();
        ServiceMetrics metrics = new ServiceMetrics(config, registry);
        OnlineLearner learner = new OnlineLearner(config);
        StepReporter reporter = new StepReporter(config);
        ExampleBatch batch = ExampleBatch.forModel(config);
        SplittableRandom random = new SplittableRandom(1);
        for (int s = 0; s < 10; s++) {
            learner.predictThenLearn(batch(batch, random, false));
            metrics.onStep("key", reporter.step(learner, 16, 300_000));
        }
        for (int i = 0; i < 5; i++) {
            metrics.onPrediction("key", 1_000, 1_500, 2_000, i % 2 == 0);
        }
        assertEquals(0, Exposition.parse(scrape(registry)).value("streammtl_events_total", "outcome", "trained"),
                "trained events count once a commit makes them durable");
        metrics.onCommitting("key", 96);
        metrics.onCommitting("key", 64);
        Exposition e = Exposition.parse(scrape(registry));
        assertEquals(10, e.value("streammtl_steps_total", "model", "small"));
        assertEquals(10, e.value("streammtl_model_version", "model", "small"));
        assertEquals(160, e.value("streammtl_events_total", "outcome", "trained"));
        assertEquals(0, e.value("streammtl_events_total", "outcome", "dead_lettered"));
        assertEquals(160, e.value("streammtl_task_events_total", "task", "y", "outcome", "labeled"));
        assertEquals(80, e.value("streammtl_task_events_total", "task", "p", "outcome", "labeled"));
        assertEquals(80, e.value("streammtl_task_events_total", "task", "p", "outcome", "unlabeled"));
        assertEquals(10, e.value("streammtl_step_duration_seconds_count"));
        assertEquals(10, e.value("streammtl_step_duration_seconds_bucket", "le", "5.0E-4"));
        assertEquals(0, e.value("streammtl_step_duration_seconds_bucket", "le", "2.5E-4"));
        assertEquals(160, e.value("streammtl_batch_events_sum"));
        assertEquals(3, e.value("streammtl_predictions_total", "outcome", "flushed"));
        assertEquals(2, e.value("streammtl_predictions_total", "outcome", "stepped"));
        assertEquals(5, e.value("streammtl_event_to_prediction_seconds_sum"), 1e-9);
        assertEquals(2.5, e.value("streammtl_record_to_prediction_seconds_sum"), 1e-9);
        assertEquals(learner.lastOutcome().gradientNorm(), e.value("streammtl_gradient_norm"), 1e-12);
        assertEquals(0.5, e.value("streammtl_task_weight", "task", "p"));
        assertEquals(0.25, e.value("streammtl_task_quality_floor", "task", "y", "metric", "r2"));
        assertEquals(0, e.value("streammtl_steps_rejected_total", "reason", "non_finite_loss"));
        assertEquals(0, e.value("streammtl_drift_events_total", "task", "p", "level", "drift"));
        assertTrue(e.find("streammtl_drift_level", "task", "y").isEmpty(), "y has no detector");
        // The windowed metrics were taken at the first batch; a tick brings them up to date.
        metrics.onTick("key", reporter.tick(learner));
        e = Exposition.parse(scrape(registry));
        assertEquals(learner.metrics(0).windowed().get("mse"),
                e.value("streammtl_task_prequential", "task", "y", "metric", "mse"), 1e-12);
        assertEquals(learner.metrics(1).windowed().get("accuracy"),
                e.value("streammtl_task_prequential", "task", "p", "metric", "accuracy"), 1e-12);
    }

    @Test
    void shouldCountDriftWhenTheBinaryConceptFlips() throws IOException {
        ModelConfig config = ModelConfigLoader.parse(SPEC).model();
        MetricRegistry registry = new MetricRegistry();
        ServiceMetrics metrics = new ServiceMetrics(config, registry);
        OnlineLearner learner = new OnlineLearner(config);
        StepReporter reporter = new StepReporter(config);
        ExampleBatch batch = ExampleBatch.forModel(config);
        SplittableRandom random = new SplittableRandom(2);
        for (int s = 0; s < 400; s++) {
            learner.predictThenLearn(batch(batch, random, s >= 200));
            metrics.onStep("key", reporter.step(learner, 16, 1000));
        }
        Exposition e = Exposition.parse(scrape(registry));
        double drifts = e.value("streammtl_drift_events_total", "task", "p", "detector", "adwin", "level", "drift");
        assertTrue(drifts >= 1, "the flip is detected: " + drifts);
    }

    @Test
    void shouldStartOverWhenTheLearnerOfAKeyIsReplaced() throws IOException {
        ModelConfig config = ModelConfigLoader.parse(SPEC).model();
        MetricRegistry registry = new MetricRegistry();
        ServiceMetrics metrics = new ServiceMetrics(config, registry);
        ExampleBatch batch = ExampleBatch.forModel(config);
        SplittableRandom random = new SplittableRandom(3);
        for (int run = 0; run < 2; run++) {
            // A rebalance or restart hands the key a fresh learner whose prequential counts start at zero.
            OnlineLearner learner = new OnlineLearner(config);
            StepReporter reporter = new StepReporter(config);
            for (int s = 0; s < 3; s++) {
                learner.predictThenLearn(batch(batch, random, false));
                metrics.onStep("key", reporter.step(learner, 16, 1000));
            }
        }
        Exposition e = Exposition.parse(scrape(registry));
        assertEquals(96, e.value("streammtl_task_events_total", "task", "y", "outcome", "labeled"));
        assertEquals(0, e.value("streammtl_task_events_total", "task", "y", "outcome", "unlabeled"));
    }

    @Test
    void shouldShowARestoredModelsVersionAndQualityBeforeItsNextStep() throws IOException {
        ModelConfig config = ModelConfigLoader.parse(SPEC).model();
        OnlineLearner trained = new OnlineLearner(config);
        ExampleBatch batch = ExampleBatch.forModel(config);
        SplittableRandom random = new SplittableRandom(2);
        for (int s = 0; s < 7; s++) {
            trained.predictThenLearn(batch(batch, random, false));
        }
        OnlineLearner restored = new OnlineLearner(config);
        restored.restore(trained.snapshot());
        restored.restoreMetrics(trained.metricsState());
        MetricRegistry registry = new MetricRegistry();
        ServiceMetrics metrics = new ServiceMetrics(config, registry);
        StepReporter reporter = new StepReporter(config);
        metrics.onRestore("key", reporter.restored(restored));
        Exposition e = Exposition.parse(scrape(registry));
        assertEquals(7, e.value("streammtl_model_version", "model", "small"));
        assertEquals(trained.metrics(0).windowed().get("mse"),
                e.value("streammtl_task_prequential", "task", "y", "metric", "mse"), 1e-12);
        learnerStepAfterRestore(metrics, reporter, restored, batch, random);
        assertEquals(16, Exposition.parse(scrape(registry)).value("streammtl_task_events_total", "task", "y",
                "outcome", "labeled"), "only the labels after the restore are counted");
    }

    private static void learnerStepAfterRestore(ServiceMetrics metrics, StepReporter reporter, OnlineLearner learner,
                                                ExampleBatch batch, SplittableRandom random) {
        learner.predictThenLearn(batch(batch, random, false));
        metrics.onStep("key", reporter.step(learner, 16, 1));
    }
}
