package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnlineLearnerMetricsStateTest {
    // 30 batches of 16 rows wrap a 64-record window several times for every task.
    private static final String WINDOW = "metrics: {window: 64}\n";

    private static OnlineLearner trained(String extra, long seed, int steps) {
        OnlineLearner learner = new OnlineLearner(LearnerFixtures.config(extra));
        LearnerFixtures.train(learner, new SplittableRandom(seed), steps);
        return learner;
    }

    private static void assertSameMetrics(OnlineLearner expected, OnlineLearner actual) {
        for (int t = 0; t < expected.config().tasks().size(); t++) {
            assertEquals(expected.metrics(t).count(), actual.metrics(t).count());
            assertEquals(expected.metrics(t).skipped(), actual.metrics(t).skipped());
            // Map equality compares Double values bit for bit.
            assertEquals(expected.metrics(t).cumulative(), actual.metrics(t).cumulative());
            assertEquals(expected.metrics(t).windowed(), actual.metrics(t).windowed());
        }
    }

    private static IllegalArgumentException rejected(OnlineLearner learner, byte[] state) {
        return assertThrows(IllegalArgumentException.class, () -> learner.restoreMetrics(state));
    }

    @Test
    void shouldContinueEveryTasksMetricsExactlyAfterARestart() {
        OnlineLearner uninterrupted = trained(WINDOW, 9, 30);
        byte[] snapshot = uninterrupted.snapshot();
        byte[] metrics = uninterrupted.metricsState();

        OnlineLearner restarted = new OnlineLearner(LearnerFixtures.config(WINDOW));
        restarted.restore(snapshot);
        restarted.restoreMetrics(metrics);
        assertSameMetrics(uninterrupted, restarted);
        assertTrue(restarted.metrics(1).count() > 64, "the window should have wrapped");

        LearnerFixtures.train(uninterrupted, new SplittableRandom(10), 20);
        LearnerFixtures.train(restarted, new SplittableRandom(10), 20);
        assertSameMetrics(uninterrupted, restarted);
        assertArrayEquals(uninterrupted.metricsState(), restarted.metricsState());
    }

    @Test
    void shouldLeaveTheModelSnapshotAsItWas() {
        OnlineLearner learner = trained(WINDOW, 9, 5);
        byte[] before = learner.snapshot();

        learner.restoreMetrics(trained(WINDOW, 11, 7).metricsState());

        assertArrayEquals(before, learner.snapshot());
    }

    @Test
    void shouldRejectStateOfAnotherWindowNamingTaskAndWindows() {
        byte[] state = trained(WINDOW, 9, 3).metricsState();
        OnlineLearner other = new OnlineLearner(LearnerFixtures.config("metrics: {window: 65}\n"));

        IllegalArgumentException e = rejected(other, state);

        assertTrue(e.getMessage().contains("task 'y'"), e.getMessage());
        assertTrue(e.getMessage().contains("window 64, this task's window is 65"), e.getMessage());
    }

    @Test
    void shouldRejectStateOfAMulticlassTaskWithOtherClasses() {
        byte[] state = trained(WINDOW, 9, 3).metricsState();
        ModelConfig fourClasses = ModelConfigLoader.parse(
                LearnerFixtures.SPEC.replace("[u, v, w]", "[u, v, w, z]") + WINDOW).model();

        IllegalArgumentException e = rejected(new OnlineLearner(fourClasses), state);

        assertTrue(e.getMessage().contains("task 'k'"), e.getMessage());
        assertTrue(e.getMessage().contains("has 3 classes, this task has 4"), e.getMessage());
    }

    @Test
    void shouldRejectStateWhoseTaskHasAnotherKind() {
        byte[] state = trained(WINDOW, 9, 3).metricsState();
        ModelConfig binaryY = ModelConfigLoader.parse(
                LearnerFixtures.SPEC.replace("{name: y, kind: regression}", "{name: y, kind: binary}") + WINDOW).model();

        IllegalArgumentException e = rejected(new OnlineLearner(binaryY), state);

        assertTrue(e.getMessage().contains("is of a regression task, this task is binary"), e.getMessage());
    }

    @Test
    void shouldRejectStateOfRenamedOrOtherTasks() {
        byte[] state = trained(WINDOW, 9, 3).metricsState();
        ModelConfig renamed = ModelConfigLoader.parse(LearnerFixtures.SPEC.replace("name: p,", "name: q,") + WINDOW).model();
        ModelConfig fewer = ModelConfigLoader.parse(
                LearnerFixtures.SPEC.replace("  - {name: k, kind: multiclass, classes: [u, v, w]}\n", "") + WINDOW).model();

        IllegalArgumentException e = rejected(new OnlineLearner(renamed), state);
        IllegalArgumentException f = rejected(new OnlineLearner(fewer), state);

        assertTrue(e.getMessage().contains("task 1 of the state is 'p', this model's is 'q'"), e.getMessage());
        assertTrue(f.getMessage().contains("the state has 3 tasks, this model has 2"), f.getMessage());
    }

    @Test
    void shouldRejectAModelSnapshotOrAnotherFormatVersion() {
        OnlineLearner learner = trained(WINDOW, 9, 3);
        byte[] state = learner.metricsState();
        ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2);

        IllegalArgumentException snapshot = rejected(learner, learner.snapshot());
        IllegalArgumentException version = rejected(learner, state);

        assertTrue(snapshot.getMessage().contains("not a streammtl metrics state"), snapshot.getMessage());
        assertTrue(version.getMessage().contains("metrics state format 2 is not supported"), version.getMessage());
    }

    @Test
    void shouldRejectEveryTruncationAndTrailingBytesLeavingMetricsAsTheyWere() {
        byte[] state = trained(WINDOW, 9, 6).metricsState();
        OnlineLearner learner = trained(WINDOW, 12, 4);
        byte[] before = learner.metricsState();

        for (int length = 0; length < state.length; length++) {
            rejected(learner, Arrays.copyOf(state, length));
        }
        IllegalArgumentException trailing = rejected(learner, Arrays.copyOf(state, state.length + 1));

        assertTrue(trailing.getMessage().contains("1 bytes left over"), trailing.getMessage());
        assertArrayEquals(before, learner.metricsState());
    }

    @Test
    void shouldRestoreNothingWhenALaterTaskFails() {
        byte[] state = trained(WINDOW, 9, 6).metricsState();
        // The state ends with the last probability of the multiclass task's newest window row.
        ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN).putFloat(state.length - 4, Float.NaN);
        OnlineLearner learner = trained(WINDOW, 12, 4);
        byte[] before = learner.metricsState();

        IllegalArgumentException e = rejected(learner, state);

        assertTrue(e.getMessage().contains("task 'k'"), e.getMessage());
        assertTrue(e.getMessage().contains("non-finite probability"), e.getMessage());
        assertArrayEquals(before, learner.metricsState());
    }
}
