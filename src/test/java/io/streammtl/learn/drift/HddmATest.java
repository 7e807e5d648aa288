package io.streammtl.learn.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HddmATest {

    private static final int CHANGE = 2000;
    private static final int LENGTH = 6000;

    @Test
    void shouldDetectAbruptErrorRateIncreaseWithinFewHundredExamples() {
        ChangeRuns runs = ChangeRuns.run(HddmA::new,
                seed -> DriftStreams.abruptBernoulli(seed, LENGTH, CHANGE, 0.2, 0.5), CHANGE, 1, 10);

        // Over 300 other seeds: mean delay 66, worst 272; 12 runs (4%) alarmed before the change.
        assertEquals(0, runs.missed(), runs.describe());
        assertEquals(0, runs.falseAlarms(), runs.describe());
        assertTrue(runs.maxDelay() <= 300, runs.describe());
        assertTrue(runs.meanDelay() < 150, runs.describe());
    }

    @Test
    void shouldRaiseAtMostTwoFalseAlarmsOnHundredThousandStationaryErrors() {
        // Over 60 other seeds: 0.37 alarms per 100k on average, worst 3.
        List<Integer> drifts = DriftStreams.driftIndices(new HddmA(),
                DriftStreams.stationaryBernoulli(42, 100_000, 0.2));

        assertTrue(drifts.size() <= 2, drifts.toString());
    }

    @Test
    void shouldWarnBeforeSignallingDriftOnAGradualIncrease() {
        for (long seed = 1; seed <= 10; seed++) {
            double[] values = DriftStreams.gradualBernoulli(seed, LENGTH, CHANGE, 1000, 0.2, 0.5);
            HddmA hddm = new HddmA();
            boolean warned = false;
            int i = 0;
            while (i < values.length) {
                DriftLevel level = hddm.update(values[i]);
                if (level == DriftLevel.DRIFT) {
                    break;
                }
                warned |= level == DriftLevel.WARNING;
                i++;
            }

            assertTrue(i >= CHANGE && i < values.length, "seed " + seed + " drift at " + i);
            assertTrue(warned, "seed " + seed + " drift at " + i + " without warning");
        }
    }

    @Test
    void shouldIgnoreAFallInTheErrorRate() {
        List<Integer> drifts = DriftStreams.driftIndices(new HddmA(),
                DriftStreams.abruptBernoulli(7, LENGTH, CHANGE, 0.5, 0.1));

        assertEquals(List.of(), drifts);
    }

    @Test
    void shouldReachStatisticOneExactlyWhenSignallingDrift() {
        HddmA hddm = new HddmA();
        double[] values = DriftStreams.abruptBernoulli(3, LENGTH, CHANGE, 0.2, 0.5);
        int drifts = 0;
        for (double value : values) {
            DriftLevel level = hddm.update(value);
            if (level == DriftLevel.DRIFT) {
                drifts++;
                assertTrue(hddm.statistic() >= 1.0, "statistic " + hddm.statistic() + " at drift");
            } else {
                assertTrue(hddm.statistic() < 1.0, "statistic " + hddm.statistic() + " at " + level);
            }
        }
        assertTrue(drifts >= 1);
    }

    @Test
    void shouldAcceptLossesInTheUnitIntervalButRejectOthers() {
        HddmA hddm = new HddmA();
        hddm.update(0.25);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hddm.update(2.0));
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
        assertEquals(1, hddm.seen());
    }
}
