package io.streammtl.model.weighting;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each strategy on a synthetic two-task stream of losses (and gradient norms) whose right weights are known. */
class WeightingStrategyTest {
    private static final boolean[] BOTH = {true, true};

    /** Losses fluctuating ±20 % around the given means, seeded. */
    private static double[] noisy(SplittableRandom random, double a, double b) {
        return new double[] {a * (0.8 + 0.4 * random.nextDouble()), b * (0.8 + 0.4 * random.nextDouble())};
    }

    @Test
    void shouldKeepStaticWeightsFromConfig() {
        TaskWeighting w = new StaticWeighting(new double[] {1.0, 0.25});
        double[] out = new double[2];
        w.weights(new double[] {3, 4}, BOTH, out);
        w.update(new double[] {3, 4}, BOTH, out, null);
        assertArrayEquals(new double[] {1.0, 0.25}, out);
        assertArrayEquals(new double[] {1.0, 0.25}, w.current());
    }

    @Test
    void shouldMakeWeightedLossesEqualWithLossScale() {
        TaskWeighting w = new LossScaleWeighting(new double[] {1, 1}, 0.99);
        SplittableRandom random = new SplittableRandom(1);
        double[] out = new double[2];
        double sumA = 0;
        double sumB = 0;
        for (int step = 0; step < 3000; step++) {
            double[] losses = noisy(random, 4.0, 0.01);
            w.weights(losses, BOTH, out);
            if (step >= 1000) {
                sumA += out[0] * losses[0];
                sumB += out[1] * losses[1];
            }
            w.update(losses, BOTH, out, null);
        }
        assertEquals(1.0, sumA / 2000, 0.03, "weighted loss of task a");
        assertEquals(1.0, sumB / 2000, 0.03, "weighted loss of task b");
        assertEquals(400, w.current()[1] / w.current()[0], 20, "weights ∝ 1 / mean loss");
    }

    @Test
    void shouldUseFirstLossOfATaskForItsFirstLossScaleWeight() {
        TaskWeighting w = new LossScaleWeighting(new double[] {2, 1}, 0.9);
        double[] out = new double[2];
        w.weights(new double[] {0.5, Double.NaN}, new boolean[] {true, false}, out);
        assertArrayEquals(new double[] {4.0, 1.0}, out, "2 / 0.5, and the static weight for a task not seen yet");
    }

    @Test
    void shouldConvergeUncertaintyWeightsToHalfInverseLoss() {
        UncertaintyWeighting w = new UncertaintyWeighting(new double[] {1, 1}, new double[] {0.5, 1.0}, 0.01);
        SplittableRandom random = new SplittableRandom(2);
        double[] out = new double[2];
        for (int step = 0; step < 4000; step++) {
            double[] losses = noisy(random, 0.25, 2.0);
            w.weights(losses, BOTH, out);
            w.update(losses, BOTH, out, null);
        }
        double[] weights = w.current();
        // At the optimum λ = 1/(2L) whatever the task kind's factor: σ² = 2cL.
        assertEquals(2.0, weights[0], 0.15, "1/(2·0.25)");
        assertEquals(0.25, weights[1], 0.02, "1/(2·2)");
        assertEquals(Math.log(0.25), w.logVariances()[0], 0.08, "regression: σ² = L");
        assertEquals(Math.log(4.0), w.logVariances()[1], 0.08, "classification: σ² = 2L");
    }

    @Test
    void shouldLeaveAbsentTaskUncertaintyUntouched() {
        UncertaintyWeighting w = new UncertaintyWeighting(new double[] {1, 1}, new double[] {0.5, 0.5}, 0.05);
        double[] out = new double[2];
        boolean[] onlyFirst = {true, false};
        for (int step = 0; step < 50; step++) {
            w.weights(new double[] {0.1, Double.NaN}, onlyFirst, out);
            w.update(new double[] {0.1, Double.NaN}, onlyFirst, out, null);
        }
        assertEquals(0.0, w.logVariances()[1]);
        assertEquals(0.5, w.current()[1]);
        assertTrue(w.current()[0] > 1, "the labeled task moved: " + w.current()[0]);
    }

    @Test
    void shouldBalanceGradNormWeightsAgainstGradientScale() {
        // Both tasks learn at the same relative rate (equal loss ratios, so r = 1), but task b's unweighted gradient
        // at the shared layer is 10x task a's: GradNorm equalises w·g, so w_a/w_b → 10, with w_a + w_b = 2.
        GradNormWeighting w = new GradNormWeighting(new double[] {1, 1}, 1.5, 0.01);
        SplittableRandom random = new SplittableRandom(3);
        double[] out = new double[2];
        for (int step = 0; step < 3000; step++) {
            double decay = Math.exp(-step / 1000.0);
            double[] losses = {decay * (0.95 + 0.1 * random.nextDouble()), 100 * decay * (0.95 + 0.1 * random.nextDouble())};
            w.weights(losses, BOTH, out);
            double[] norms = {out[0] * 1.0, out[1] * 10.0};
            w.update(losses, BOTH, out, norms);
        }
        double[] weights = w.current();
        assertEquals(2.0, weights[0] + weights[1], 1e-9, "renormalised to T");
        assertEquals(10.0, weights[0] / weights[1], 1.5, "weights " + weights[0] + ", " + weights[1]);
    }

    @Test
    void shouldFavourTheTaskWhoseLossFallsSlowerWithGradNorm() {
        // Equal gradient scales; task a's loss falls 10x faster, so its ratio r_a is small and GradNorm moves weight
        // to task b (Ḡ·r^α is larger for b).
        GradNormWeighting w = new GradNormWeighting(new double[] {1, 1}, 1.5, 0.01);
        double[] out = new double[2];
        for (int step = 0; step < 500; step++) {
            double[] losses = {Math.exp(-step / 50.0), Math.exp(-step / 500.0)};
            w.weights(losses, BOTH, out);
            w.update(losses, BOTH, out, new double[] {out[0], out[1]});
        }
        assertTrue(w.current()[1] > 1.5, "weights " + java.util.Arrays.toString(w.current()));
    }

    @Test
    void shouldFollowTheDwaFormulaOverLossWindows() {
        TaskWeighting w = new DwaWeighting(new double[] {1, 1}, 2.0, 10);
        double[] out = new double[2];
        w.weights(new double[] {1, 1}, BOTH, out);
        assertArrayEquals(new double[] {1, 1}, out, 1e-12, "equal until two windows are complete");
        // Task a's loss halves from one window to the next; task b's stays: r = (0.5, 1).
        for (int step = 0; step < 20; step++) {
            double a = step < 10 ? 2.0 : 1.0;
            w.update(new double[] {a, 3.0}, BOTH, out, null);
        }
        w.weights(new double[] {1, 1}, BOTH, out);
        double ea = Math.exp(0.5 / 2.0);
        double eb = Math.exp(1.0 / 2.0);
        assertEquals(2 * ea / (ea + eb), out[0], 1e-12);
        assertEquals(2 * eb / (ea + eb), out[1], 1e-12);
    }

    @Test
    void shouldKeepDwaWindowsOfAnAbsentTask() {
        DwaWeighting w = new DwaWeighting(new double[] {1, 1}, 1.0, 2);
        double[] out = new double[2];
        for (int step = 0; step < 4; step++) {
            w.update(new double[] {4.0 / (step < 2 ? 1 : 2), 1.0 / (step < 2 ? 1 : 4)}, BOTH, out, null);
        }
        double[] before = w.current();
        for (int step = 0; step < 6; step++) {
            w.update(new double[] {Double.NaN, 7.0}, new boolean[] {false, true}, out, null);
        }
        // Task b's ratio is now 1 (two windows of 7.0); task a's stays 0.5, so the same softmax over (0.5, 1).
        double ea = Math.exp(0.5);
        double eb = Math.exp(1.0);
        assertEquals(2 * ea / (ea + eb), w.current()[0], 1e-12);
        assertTrue(before[1] < w.current()[1], "b's ratio rose from 0.25 to 1");
    }

    @Test
    void shouldRestoreEveryStrategyStateBitForBit() throws Exception {
        for (TaskWeighting[] pair : new TaskWeighting[][] {
                {new UncertaintyWeighting(new double[] {1, 2}, new double[] {0.5, 1}, 0.02),
                        new UncertaintyWeighting(new double[] {1, 2}, new double[] {0.5, 1}, 0.02)},
                {new GradNormWeighting(new double[] {1, 1}, 1.5, 0.02), new GradNormWeighting(new double[] {1, 1}, 1.5, 0.02)},
                {new DwaWeighting(new double[] {1, 1}, 2, 3), new DwaWeighting(new double[] {1, 1}, 2, 3)},
                {new LossScaleWeighting(new double[] {1, 1}, 0.9), new LossScaleWeighting(new double[] {1, 1}, 0.9)}}) {
            SplittableRandom random = new SplittableRandom(4);
            double[] out = new double[2];
            for (int step = 0; step < 17; step++) {
                double[] losses = noisy(random, 1, 2);
                pair[0].weights(losses, BOTH, out);
                pair[0].update(losses, BOTH, out, new double[] {out[0], 3 * out[1]});
            }
            ByteBuffer state = ByteBuffer.allocate(pair[0].stateBytes());
            pair[0].write(state);
            assertEquals(0, state.remaining());
            pair[1].read(state.flip());
            for (int step = 0; step < 9; step++) {
                double[] losses = noisy(random, 1, 2);
                for (TaskWeighting w : pair) {
                    w.weights(losses, BOTH, out);
                    w.update(losses, BOTH, out, new double[] {out[0], 3 * out[1]});
                }
                assertArrayEquals(pair[0].current(), pair[1].current());
            }
        }
    }
}
