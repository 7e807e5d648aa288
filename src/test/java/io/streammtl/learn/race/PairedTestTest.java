package io.streammtl.learn.race;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedTestTest {
    @Test
    void shouldMatchPublishedStudentTQuantiles() {
        // Upper critical values from any t table: t(9) 0.05 → 1.833, 0.025 → 2.262; t(2) 0.05 → 2.920; t(1) at 1.
        assertEquals(0.05, StudentT.upperTail(1.833, 9), 5e-4);
        assertEquals(0.025, StudentT.upperTail(2.262, 9), 5e-4);
        assertEquals(0.05, StudentT.upperTail(2.920, 2), 5e-4);
        assertEquals(0.25, StudentT.upperTail(1.0, 1), 1e-12);
        assertEquals(0.95, StudentT.upperTail(-1.833, 9), 5e-4);
        assertEquals(0.5, StudentT.upperTail(0, 9), 1e-12);
    }

    @Test
    void shouldFindAChallengerWellBelowTheChampionSignificantlyBetter() {
        SplittableRandom random = new SplittableRandom(1);
        double[] champion = new double[200];
        double[] challenger = new double[200];
        for (int i = 0; i < 200; i++) {
            champion[i] = 1 + random.nextDouble();
            challenger[i] = 0.7 * champion[i] + 0.1 * random.nextDouble();
        }
        assertTrue(PairedTest.pValue(champion, challenger, 200, 0.01) < 0.001);
        assertTrue(PairedTest.pValue(challenger, champion, 200, 0.01) > 0.999);
    }

    @Test
    void shouldNotCallAnEqualLossBetterOnceTheMarginIsAsked() {
        double[] same = new double[100];
        Arrays.fill(same, 0.5);
        assertEquals(1.0, PairedTest.pValue(same, same.clone(), 100, 0.01));
    }

    @Test
    void shouldUseOnlyPositionsWhereBothVariantsHaveALoss() {
        double[] champion = new double[40];
        double[] challenger = new double[40];
        Arrays.fill(champion, 1.0);
        Arrays.fill(challenger, Double.NaN);
        for (int i = 35; i < 40; i++) {
            challenger[i] = 0.1;
        }
        assertEquals(1.0, PairedTest.pValue(champion, challenger, 40, 0.01));
    }

    @Test
    void shouldFindAnEquallyGoodChallengerBetterInAboutLevelOfWindowsDespiteAutocorrelatedLosses() {
        SplittableRandom random = new SplittableRandom(7);
        int windows = 4000;
        int length = 250;
        double[] champion = new double[length];
        double[] challenger = new double[length];
        double e = 0;
        double f = 0;
        int rejected = 0;
        for (int w = 0; w < windows; w++) {
            for (int i = 0; i < length; i++) {
                e = 0.7 * e + gaussian(random);
                f = 0.7 * f + gaussian(random);
                champion[i] = 1 + 0.1 * e;
                challenger[i] = 1 + 0.1 * f;
            }
            if (PairedTest.pValue(champion, challenger, length, 0.0) < 0.05) {
                rejected++;
            }
        }
        double rate = rejected / (double) windows;
        assertTrue(rate > 0.03 && rate < 0.07, "false promotion rate " + rate);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
