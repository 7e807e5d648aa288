package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The measure of an evolving spec: restart with a spec that adds a task and a feature, and compare the first
 * 1,000 predictions of the old tasks with a restart on the unchanged spec. Run with {@code -Dstreammtl.measure=true}
 * it also prints the restore times and how the prequential predictions drift apart once the new feature learns
 * ({@code docs/measurements/2026-12-07-evolving-spec.md}).
 */
class EvolvingSpecRestartTest {
    private static final int TRAINED = 480;
    private static final int PREDICTIONS = 1000;
    private static final int OLD_TASKS = 2;

    @Test
    void shouldPredictTheFirstThousandEventsOfTheOldTasksAsARestartOnTheUnchangedSpec() {
        ModelConfig before = EvolvedSpecs.wine();
        ModelConfig after = EvolvedSpecs.withTaskAndFeature();
        byte[] snapshot = EvolvedSpecs.trained(before, TRAINED).snapshot();
        OnlineLearner same = new OnlineLearner(before);
        same.restore(snapshot);
        OnlineLearner evolved = new OnlineLearner(after);
        evolved.restore(snapshot);

        assertArrayEquals(served(same, before, false), served(evolved, after, false));
        if (Boolean.getBoolean("streammtl.measure")) {
            measure(before, after, snapshot);
        }
    }

    /** Bits of the old tasks' predictions of rows TRAINED .. TRAINED + 1000, batch by batch, learning or not. */
    private static int[] served(OnlineLearner learner, ModelConfig config, boolean learn) {
        int batchSize = config.training().batchSize();
        int[] bits = new int[PREDICTIONS * OLD_TASKS];
        for (int from = 0; from < PREDICTIONS; from += batchSize) {
            int to = Math.min(PREDICTIONS, from + batchSize);
            ExampleBatch batch = EvolvedSpecs.batch(config, TRAINED + from, TRAINED + to);
            BatchPredictions predictions = learn ? learner.predictThenLearn(batch) : learner.predict(batch);
            for (int r = 0; r < to - from; r++) {
                for (int t = 0; t < OLD_TASKS; t++) {
                    bits[(from + r) * OLD_TASKS + t] = Float.floatToIntBits(predictions.value(t, r));
                }
            }
        }
        return bits;
    }

    private static void measure(ModelConfig before, ModelConfig after, byte[] snapshot) {
        List<String> lines = new ArrayList<>();
        restoreMicros(before, snapshot);
        restoreMicros(after, snapshot);
        lines.add("restore into a built learner, median of 51 after a warm-up, microseconds: same spec "
                + restoreMicros(before, snapshot) + ", added task and feature " + restoreMicros(after, snapshot)
                + "; building the learner: " + buildMicros(before) + " / " + buildMicros(after));
        OnlineLearner same = new OnlineLearner(before);
        same.restore(snapshot);
        OnlineLearner evolved = new OnlineLearner(after);
        evolved.restore(snapshot);
        int[] a = served(same, before, true);
        int[] b = served(evolved, after, true);
        int identical = 0;
        int leading = -1;
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                identical++;
            } else if (leading < 0) {
                leading = i / OLD_TASKS;
            }
            maxDiff = Math.max(maxDiff, Math.abs(Float.intBitsToFloat(a[i]) - Float.intBitsToFloat(b[i])));
        }
        lines.add("predict-then-learn, first 1000 events x 2 old tasks: " + identical + " of " + a.length
                + " predictions bit-identical; first differing event " + leading + "; max |difference| " + maxDiff);
        lines.forEach(System.out::println);
        assertEquals(a.length, b.length);
    }

    private static long restoreMicros(ModelConfig config, byte[] snapshot) {
        long[] micros = new long[51];
        for (int i = 0; i < micros.length; i++) {
            OnlineLearner learner = new OnlineLearner(config);
            long start = System.nanoTime();
            learner.restore(snapshot);
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        return median(micros);
    }

    private static long buildMicros(ModelConfig config) {
        long[] micros = new long[51];
        for (int i = 0; i < micros.length; i++) {
            long start = System.nanoTime();
            new OnlineLearner(config);
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        return median(micros);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
