package io.streammtl.learn.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/** Detection outcome of one detector over the same change scenario under several seeds. */
record ChangeRuns(int changeAt, List<List<Integer>> drifts) {

    static ChangeRuns run(Supplier<DriftDetector> detector, LongFunction<double[]> stream, int changeAt,
            long firstSeed, int seeds) {
        List<List<Integer>> drifts = new ArrayList<>();
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            drifts.add(DriftStreams.driftIndices(detector.get(), stream.apply(seed)));
        }
        return new ChangeRuns(changeAt, drifts);
    }

    /** Per seed, values consumed after the change until the first drift, or -1 when missed. */
    int[] delays() {
        return drifts.stream().mapToInt(d -> DriftStreams.delay(d, changeAt)).toArray();
    }

    double meanDelay() {
        return Arrays.stream(delays()).filter(d -> d > 0).average().orElse(Double.NaN);
    }

    int maxDelay() {
        return Arrays.stream(delays()).max().orElse(-1);
    }

    long missed() {
        return Arrays.stream(delays()).filter(d -> d < 0).count();
    }

    /** Drifts before the change, over all seeds. */
    long falseAlarms() {
        return drifts.stream().mapToLong(d -> DriftStreams.before(d, changeAt)).sum();
    }

    /** Seeds whose run raised at least one drift before the change. */
    long runsWithFalseAlarm() {
        return drifts.stream().filter(d -> DriftStreams.before(d, changeAt) > 0).count();
    }

    String describe() {
        return "delays " + Arrays.toString(delays()) + ", drifts " + drifts;
    }
}
