package io.streammtl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.TaskType;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The {@code bench learner} harness: times {@code predictThenLearn} on synthetic batches shaped by a model spec
 * (after a warm-up) and prints the median samples/s over several rounds per batch size. Figures only.
 */
public final class LearnerBench {
    private final int rounds;
    private final double roundSeconds;
    private final double warmupSeconds;

    /** {@code rounds} timed rounds of {@code roundSeconds} each, after {@code warmupSeconds} untimed. */
    public LearnerBench(int rounds, double roundSeconds, double warmupSeconds) {
        this.rounds = rounds;
        this.roundSeconds = roundSeconds;
        this.warmupSeconds = warmupSeconds;
    }

    /** Measures each batch size of {@code batches} on {@code base}; prints to {@code out}; returns median rates. */
    public ObjectNode run(ModelConfig base, List<Integer> batches, int threads, PrintWriter out) {
        out.printf(Locale.ROOT, "machine: %s, %d cores visible, Java %s; BLAS threads %d%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), threads);
        ObjectNode results = new ObjectMapper().createObjectNode();
        for (int b : batches) {
            ModelConfig model = base.withBatchSize(b);
            OnlineLearner learner = new OnlineLearner(model);
            ExampleBatch batch = syntheticBatch(model, new SplittableRandom(model.seed()));
            double[] rates = measure(learner, batch, b);
            Arrays.sort(rates);
            double median = rates[rates.length / 2];
            out.printf(Locale.ROOT, "batch %5d: %,12.0f samples/s (median of %d rounds; min %,.0f, max %,.0f)"
                    + "; %d parameters; %s%n", b, median, rates.length, rates[0], rates[rates.length - 1],
                    learner.backend().parameterCount(), learner.backend().description());
            results.put(Integer.toString(b), median);
        }
        return results;
    }

    /** Samples per second of {@code rounds} timed rounds of steps on {@code batch}, after the warm-up. */
    double[] measure(OnlineLearner learner, ExampleBatch batch, int size) {
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmupEnd) {
            learner.predictThenLearn(batch);
        }
        double[] rates = new double[Math.max(1, rounds)];
        long roundNanos = (long) (roundSeconds * 1e9);
        for (int r = 0; r < rates.length; r++) {
            long steps = 0;
            long start = System.nanoTime();
            long now;
            do {
                learner.predictThenLearn(batch);
                steps++;
                now = System.nanoTime();
            } while (now - start < roundNanos);
            rates[r] = steps * (double) size / ((now - start) / 1e9);
        }
        return rates;
    }

    /** A full batch with every task labeled: standard normal inputs and targets, uniform classes. */
    static ExampleBatch syntheticBatch(ModelConfig model, SplittableRandom random) {
        int b = model.training().batchSize();
        ExampleBatch batch = ExampleBatch.forModel(model);
        float[] row = new float[model.inputWidth()];
        TaskType[] types = model.tasks().stream().map(TaskType::of).toArray(TaskType[]::new);
        for (int r = 0; r < b; r++) {
            for (int c = 0; c < row.length; c++) {
                row[c] = (float) gaussian(random);
            }
            batch.add(row);
            for (int t = 0; t < model.tasks().size(); t++) {
                batch.label(r, t, types[t].randomLabel(random));
            }
        }
        return batch;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** The CPU model from /proc/cpuinfo, or "unknown CPU". */
    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
