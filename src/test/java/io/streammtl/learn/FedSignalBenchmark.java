package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.data.generate.DriftKind;
import io.streammtl.data.generate.DriftSchedule;
import io.streammtl.data.generate.FriedmanGenerator;
import io.streammtl.data.generate.SeaGenerator;
import io.streammtl.data.generate.StreamGenerator;
import io.streammtl.learn.drift.DriftLevel;

import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Prints, for every detector as the learner feeds it (response none), its drift signals per 100k examples of a
 * stationary stream (all of them, and those whose windowed loss rose: the ones a response acts on) and its delay
 * after an abrupt change (examples from the change to the first signal with a rise), over seeds 1 to {@link #SEEDS},
 * on SEA (binary, batch 16) and Friedman #1 (regression, batch 16); it reports and never fails.
 */
public final class FedSignalBenchmark {
    private static final int SEEDS = 3;
    private static final long STATIONARY = 100_000;
    private static final long CHANGE = 10_000;

    private record Stream(String name, String kind, String trunk, List<String> detectors,
                          LongFunction<StreamGenerator> stationary, LongFunction<StreamGenerator> abrupt) {
    }

    private FedSignalBenchmark() {
    }

    public static void main(String[] args) {
        List<String> all = List.of("adwin", "page_hinkley", "ddm", "eddm", "hddm_a");
        List<Stream> streams = List.of(
                new Stream("sea", "binary", "[16]", all,
                        seed -> new SeaGenerator(DriftSchedule.of(DriftKind.ABRUPT, 2 * STATIONARY, 1), seed, 0.1),
                        seed -> new SeaGenerator(DriftSchedule.of(DriftKind.ABRUPT, 2 * CHANGE, 1), seed, 0.1)),
                new Stream("friedman", "regression", "[32]", List.of("adwin", "page_hinkley"),
                        seed -> new FriedmanGenerator(DriftSchedule.of(DriftKind.ABRUPT, 2 * STATIONARY, 1), seed, 1.0),
                        seed -> new FriedmanGenerator(DriftSchedule.of(DriftKind.ABRUPT, 2 * CHANGE, 1), seed, 1.0)));
        System.out.printf(Locale.ROOT, "%-9s %-13s %12s %12s %11s %7s%n", "stream", "detector", "drifts/100k",
                "rises/100k", "mean delay", "missed");
        for (Stream stream : streams) {
            for (String detector : stream.detectors()) {
                long drifts = 0;
                long rises = 0;
                long delays = 0;
                int missed = 0;
                for (long seed = 1; seed <= SEEDS; seed++) {
                    ModelConfig config = config(stream, detector, seed);
                    long[] stationary = signals(config, stream.stationary().apply(seed), STATIONARY, Long.MAX_VALUE);
                    drifts += stationary[0];
                    rises += stationary[1];
                    long delay = signals(config, stream.abrupt().apply(seed), 2 * CHANGE, CHANGE)[2];
                    if (delay < 0) {
                        missed++;
                    } else {
                        delays += delay;
                    }
                }
                double per = 100_000.0 / (SEEDS * STATIONARY);
                System.out.printf(Locale.ROOT, "%-9s %-13s %12.1f %12.1f %11s %7s%n", stream.name(), detector,
                        drifts * per, rises * per, missed == SEEDS ? "-"
                                : String.format(Locale.ROOT, "%.0f", delays / (double) (SEEDS - missed)),
                        missed + "/" + SEEDS);
            }
        }
    }

    private static ModelConfig config(Stream stream, String detector, long seed) {
        int features = stream.kind().equals("binary") ? 3 : FriedmanGenerator.FEATURES;
        StringBuilder names = new StringBuilder();
        for (int f = 1; f <= features; f++) {
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
                """.formatted(seed, names, stream.kind(), detector, stream.trunk())).model();
    }

    /** Drift signals over the first {@code rows} rows, those with a rise, and the delay after {@code change} (-1). */
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
