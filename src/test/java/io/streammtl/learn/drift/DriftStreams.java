package io.streammtl.learn.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded synthetic streams with known change points, and a runner that records where detectors fire. */
final class DriftStreams {

    private DriftStreams() {
    }

    /** 0/1 errors with rate {@code before} until index {@code changeAt}, then {@code after}. */
    static double[] abruptBernoulli(long seed, int length, int changeAt, double before, double after) {
        return gradualBernoulli(seed, length, changeAt, 0, before, after);
    }

    /** 0/1 errors whose rate moves linearly from {@code before} to {@code after} over {@code width} values. */
    static double[] gradualBernoulli(long seed, int length, int start, int width, double before, double after) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            double rate = rateAt(i, start, width, before, after);
            values[i] = random.nextDouble() < rate ? 1.0 : 0.0;
        }
        return values;
    }

    static double[] stationaryBernoulli(long seed, int length, double rate) {
        return abruptBernoulli(seed, length, length, rate, rate);
    }

    /** Gaussian losses whose mean steps from {@code before} to {@code after} at {@code changeAt}. */
    static double[] gaussianShift(long seed, int length, int changeAt, double before, double after, double sd) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = (i < changeAt ? before : after) + sd * random.nextGaussian();
        }
        return values;
    }

    /** Real-valued losses uniform on [low, low + span], with {@code low} stepping at {@code changeAt}. */
    static double[] uniformShift(long seed, int length, int changeAt, double lowBefore, double lowAfter,
            double span) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = (i < changeAt ? lowBefore : lowAfter) + span * random.nextDouble();
        }
        return values;
    }

    private static double rateAt(int i, int start, int width, double before, double after) {
        if (i < start) {
            return before;
        }
        if (i >= start + width) {
            return after;
        }
        return before + (after - before) * (i - start + 1) / (width + 1);
    }

    /** Feeds every value and returns the indices at which the detector returned DRIFT. */
    static List<Integer> driftIndices(DriftDetector detector, double[] values) {
        List<Integer> drifts = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (detector.update(values[i]) == DriftLevel.DRIFT) {
                drifts.add(i);
            }
        }
        return drifts;
    }

    /** Values consumed after the change until the first drift at or after it, or -1 if none. */
    static int delay(List<Integer> drifts, int changeAt) {
        for (int index : drifts) {
            if (index >= changeAt) {
                return index - changeAt + 1;
            }
        }
        return -1;
    }

    static long before(List<Integer> drifts, int changeAt) {
        return drifts.stream().filter(index -> index < changeAt).count();
    }
}
