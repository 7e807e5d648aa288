package io.streammtl.learn;

import io.streammtl.learn.metrics.PrequentialMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The checked-in metrics state (format version 1) must stay readable with the values it was written with: a change
 * of the format fails here until the file is rewritten on purpose, and the version bumped, with
 * {@code mvn -B -q test -Dtest=MetricsStateGoldenTest -Dstreammtl.golden.write=true}.
 */
class MetricsStateGoldenTest {
    // Only values whose computation goes through Math.log may differ in the last bits between platforms.
    private static final double TOLERANCE = 1e-12;

    @Test
    @EnabledIfSystemProperty(named = "streammtl.golden.write", matches = "true")
    void shouldRewriteTheGoldenFileWhenAskedTo() throws IOException {
        Files.createDirectories(MetricsStateGolden.SOURCE.getParent());
        Files.write(MetricsStateGolden.SOURCE, MetricsStateGolden.seededLearner().metricsState());
    }

    @Test
    void shouldRestoreTheCheckedInStateToTheValuesItWasWrittenWith() throws IOException {
        OnlineLearner learner = MetricsStateGolden.learner();

        learner.restoreMetrics(MetricsStateGolden.checkedIn());

        for (int t = 0; t < 3; t++) {
            assertEquals(20, learner.metrics(t).count());
            assertEquals(1, learner.metrics(t).skipped());
        }
        assertValues(Map.of("mse", 0.5218749225140165, "mae", 0.6124999260902405, "r2", 0.9926660599607003),
                learner.metrics(0).cumulative());
        assertValues(Map.of("mse", 0.3515624165535418, "mae", 0.5312498688697815, "r2", 0.9949531552523251),
                learner.metrics(0).windowed());
        assertValues(Map.of("accuracy", 0.75, "logloss", 0.36605280597604267, "auc", 0.9090909090909091),
                learner.metrics(1).cumulative());
        assertValues(Map.of("accuracy", 0.875, "logloss", 0.2542600742469119, "auc", 1.0),
                learner.metrics(1).windowed());
        assertValues(Map.of("accuracy", 0.6, "macro_f1", 0.5815295815295816, "logloss", 1.6667237337317573),
                learner.metrics(2).cumulative());
        assertValues(Map.of("accuracy", 0.625, "macro_f1", 0.6222222222222222, "logloss", 1.603608730458546),
                learner.metrics(2).windowed());
    }

    @Test
    void shouldWriteTheCheckedInStateBackByteForByte() throws IOException {
        byte[] golden = MetricsStateGolden.checkedIn();
        OnlineLearner learner = MetricsStateGolden.learner();

        learner.restoreMetrics(golden);

        assertArrayEquals(golden, learner.metricsState());
    }

    @Test
    void shouldMatchTheSeededRunThatWroteTheCheckedInState() throws IOException {
        OnlineLearner restored = MetricsStateGolden.learner();
        restored.restoreMetrics(MetricsStateGolden.checkedIn());

        PrequentialMetrics[] expected = MetricsStateGolden.metrics(MetricsStateGolden.seededLearner());
        PrequentialMetrics[] actual = MetricsStateGolden.metrics(restored);

        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t].count(), actual[t].count());
            assertEquals(expected[t].skipped(), actual[t].skipped());
            assertValues(expected[t].cumulative(), actual[t].cumulative());
            assertValues(expected[t].windowed(), actual[t].windowed());
        }
    }

    private static void assertValues(Map<String, Double> expected, Map<String, Double> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((key, value) -> assertEquals(value, actual.get(key), TOLERANCE, key));
    }
}
