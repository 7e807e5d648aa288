package io.streammtl.learn.drift;

import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Prints, for every detector with default parameters, the mean detection delay, false alarms per 100k
 * examples and missed changes over 10 seeds of three 0/1 error streams; it reports and never fails.
 */
public final class DetectorBenchmark {

    private static final int SEEDS = 10;
    private static final int CHANGE = 2000;
    private static final int LENGTH = 6000;
    private static final int STATIONARY = 100_000;

    private record Scenario(String name, int changeAt, LongFunction<double[]> stream) {
    }

    private DetectorBenchmark() {
    }

    public static void main(String[] args) {
        List<Scenario> scenarios = List.of(
                new Scenario("abrupt 0.2->0.5 @2000", CHANGE,
                        seed -> DriftStreams.abruptBernoulli(seed, LENGTH, CHANGE, 0.2, 0.5)),
                new Scenario("gradual 0.2->0.5 2000-3000", CHANGE,
                        seed -> DriftStreams.gradualBernoulli(seed, LENGTH, CHANGE, 1000, 0.2, 0.5)),
                new Scenario("stationary 0.2, 100k", STATIONARY,
                        seed -> DriftStreams.stationaryBernoulli(seed, STATIONARY, 0.2)));
        System.out.printf(Locale.ROOT, "%-13s %-27s %11s %16s %7s%n",
                "detector", "scenario", "mean delay", "false/100k", "missed");
        for (String kind : DriftDetectors.kinds()) {
            for (Scenario scenario : scenarios) {
                ChangeRuns runs = ChangeRuns.run(() -> DriftDetectors.create(DriftDetectorSpec.of(kind)),
                        scenario.stream(), scenario.changeAt(), 1, SEEDS);
                boolean stationary = scenario.changeAt() == STATIONARY;
                double perHundredThousand = runs.falseAlarms() * 100_000.0 / (SEEDS * (double) scenario.changeAt());
                System.out.printf(Locale.ROOT, "%-13s %-27s %11s %16.1f %7s%n", kind, scenario.name(),
                        stationary ? "-" : String.format(Locale.ROOT, "%.1f", runs.meanDelay()),
                        perHundredThousand, stationary ? "-" : runs.missed() + "/" + SEEDS);
            }
        }
        System.out.println("Delay: values after the change (start of the ramp) up to the first drift."
                + " False alarms: drifts before the change, per 100k pre-change values.");
    }
}
