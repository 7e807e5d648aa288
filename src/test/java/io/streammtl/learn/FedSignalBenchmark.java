package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.data.generate.DriftKind;
import io.streammtl.data.generate.DriftSchedule;
import io.streammtl.data.generate.FriedmanGenerator;
import io.streammtl.data.generate.GeneratorKind;
import io.streammtl.data.generate.HyperplaneGenerator;
import io.streammtl.data.generate.StreamGenerator;
import io.streammtl.learn.drift.DriftLevel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints, for every detector as the learner feeds it (after its warm-up; response none), its drift signals per 100k
 * examples it was fed from a stationary stream (all of them, and those whose windowed loss rose: the ones a response
 * acts on) and its delay after an abrupt change (examples from the change to the first signal with a rise), mean ±
 * sd over seeds 1 to SEEDS (each seed draws its own stream and initial weights), on SEA and the rotating hyperplane
 * (binary) and Friedman #1 (regression): {@code FedSignalBenchmark [SEEDS [STATIONARY_ROWS]]}, default 10 seeds of
 * 100,000 rows. It reports and never fails; its figures are deterministic.
 */
public final class FedSignalBenchmark {
    private static final int DEFAULT_SEEDS = 10;
    private static final long DEFAULT_STATIONARY = 100_000;
    /** Rows before the abrupt change, and after it at most, when measuring the delay. */
    private static final long CHANGE = 10_000;
    private static final String HEADER = "%-10s %-13s %15s %15s %13s %11s %11s %7s%n";
    private static final String ROW = "%-10s %-13s %15s %15s %13s %11d %11s %7s%n";

    private record Stream(GeneratorKind generator, int features, String trunk, List<String> detectors) {
        /** The seed's stream at the generator's default noise, its one abrupt change after {@code rowsBefore} rows. */
        StreamGenerator create(long rowsBefore, long seed) {
            return generator.create(DriftSchedule.of(DriftKind.ABRUPT, 2 * rowsBefore, 1, 1), seed,
                    generator.defaultNoise());
        }
    }

    /** One detector's figures over the seeds; the per-seed rates keep the seed-to-seed spread. */
    private record Figures(double[] drifts, double[] rises, long totalDrifts, long totalRises, long fed,
                           double[] delays, int missed) {
    }

    private FedSignalBenchmark() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_SEEDS;
        long stationary = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_STATIONARY;
        List<String> all = List.of("adwin", "page_hinkley", "ddm", "eddm", "hddm_a");
        List<Stream> streams = List.of(
                new Stream(GeneratorKind.SEA, 3, "[16]", all),
                new Stream(GeneratorKind.HYPERPLANE, HyperplaneGenerator.DIMENSIONS, "[16]", all),
                new Stream(GeneratorKind.FRIEDMAN, FriedmanGenerator.FEATURES, "[32]", List.of("adwin", "page_hinkley")));
        System.out.printf(Locale.ROOT, "%d seeds, %d stationary rows each (the first %d examples of each unfed)%n",
                seeds, stationary, warmUp(config(streams.get(0), "adwin", 1)));
        System.out.printf(Locale.ROOT, HEADER, "stream", "detector", "drifts/100k", "rises/100k", "drifts, rises",
                "fed", "mean delay", "missed");
        for (Stream stream : streams) {
            for (String detector : stream.detectors()) {
                Figures f = measure(stream, detector, seeds, stationary);
                System.out.printf(Locale.ROOT, ROW, stream.generator().label(), detector, meanSd(f.drifts(), 1),
                        meanSd(f.rises(), 1), f.totalDrifts() + ", " + f.totalRises(), f.fed(),
                        f.delays().length == 0 ? "-" : meanSd(f.delays(), 0), f.missed() + "/" + seeds);
            }
        }
    }

    private static Figures measure(Stream stream, String detector, int seeds, long stationary) {
        double[] drifts = new double[seeds];
        double[] rises = new double[seeds];
        long totalDrifts = 0;
        long totalRises = 0;
        long fed = 0;
        double[] delays = new double[seeds];
        int detected = 0;
        for (int s = 0; s < seeds; s++) {
            long seed = s + 1;
            ModelConfig config = config(stream, detector, seed);
            long[] quiet = signals(config, stream.create(stationary, seed), stationary, Long.MAX_VALUE);
            long seedFed = stationary - warmUp(config);
            drifts[s] = quiet[0] * 100_000.0 / seedFed;
            rises[s] = quiet[1] * 100_000.0 / seedFed;
            totalDrifts += quiet[0];
            totalRises += quiet[1];
            fed += seedFed;
            long delay = signals(config, stream.create(CHANGE, seed), 2 * CHANGE, CHANGE)[2];
            if (delay >= 0) {
                delays[detected++] = delay;
            }
        }
        return new Figures(drifts, rises, totalDrifts, totalRises, fed, Arrays.copyOf(delays, detected),
                seeds - detected);
    }

    private static long warmUp(ModelConfig config) {
        return (long) DriftMonitor.WARM_UP_WINDOWS * config.metrics().window();
    }

    /** Mean ± sample sd; a single value alone, as it has no spread to show. */
    private static String meanSd(double[] values, int decimals) {
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        String format = "%." + decimals + "f";
        if (values.length < 2) {
            return String.format(Locale.ROOT, format, mean);
        }
        double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        return String.format(Locale.ROOT, format + " ± " + format, mean, Math.sqrt(squares / (values.length - 1)));
    }

    private static ModelConfig config(Stream stream, String detector, long seed) {
        StringBuilder names = new StringBuilder();
        for (int f = 1; f <= stream.features(); f++) {
            names.append(f > 1 ? ", " : "").append("{name: x").append(f).append('}');
        }
        return ModelConfigLoader.parse("""
                seed: %d
                features: [%s]
                tasks:
                  - {name: y, kind: %s, drift: {detector: %s, response: none}}
                trunk: {layers: %s}
                optimizer: {kind: adam, lr: 0.01}
                training: {batch_size: 16}
                metrics: {window: 500}
                """.formatted(seed, names, stream.generator().task(), detector, stream.trunk())).model();
    }

    /**
     * Drift signals over the first {@code change} of {@code count} rows, those with a rise, and the delay from
     * {@code change} to the first signal with a rise after it (-1 if none).
     */
    private static long[] signals(ModelConfig config, StreamGenerator rows, long count, long change) {
        OnlineLearner learner = new OnlineLearner(config);
        ExampleBatch batch = ExampleBatch.forModel(config);
        int inputs = config.inputWidth();
        long drifts = 0;
        long rises = 0;
        long delay = -1;
        long seen = 0;
        while (seen < count) {
            batch.clear();
            while (!batch.isFull() && seen < count) {
                String[] row = rows.next();
                float[] x = new float[inputs];
                for (int i = 0; i < inputs; i++) {
                    x[i] = Float.parseFloat(row[i]);
                }
                batch.label(batch.add(x), 0, Float.parseFloat(row[inputs]));
                seen++;
            }
            learner.predictThenLearn(batch);
            for (DriftSignal signal : learner.lastSignals()) {
                if (signal.level() != DriftLevel.DRIFT) {
                    continue;
                }
                boolean rise = signal.lossAfter() > signal.lossBefore();
                if (seen <= change) {
                    drifts++;
                    rises += rise ? 1 : 0;
                } else if (rise && delay < 0) {
                    delay = seen - change;
                }
            }
        }
        return new long[] {drifts, rises, delay};
    }
}
