package io.streammtl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.TaskType;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        return run(base, batches, threads, 0, out);
    }

    /**
     * As above; the rows of family tasks belong to {@code members} members in turn (0: no member keys), so that every
     * member exists after the warm-up and each step touches a batch's worth of them.
     */
    public ObjectNode run(ModelConfig base, List<Integer> batches, int threads, int members, PrintWriter out) {
        out.printf(Locale.ROOT, "machine: %s, %d cores visible, Java %s; BLAS threads %d%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), threads);
        ObjectNode results = new ObjectMapper().createObjectNode();
        for (int b : batches) {
            ModelConfig model = base.withBatchSize(b);
            OnlineLearner learner = new OnlineLearner(model);
            List<ExampleBatch> cycle = syntheticBatches(model, new SplittableRandom(model.seed()), members);
            double[] rates = measure(learner, cycle, b);
            Arrays.sort(rates);
            double median = rates[rates.length / 2];
            out.printf(Locale.ROOT, "batch %5d: %,12.0f samples/s (median of %d rounds; min %,.0f, max %,.0f)"
                    + "; %d parameters%s; %s%n", b, median, rates.length, rates[0], rates[rates.length - 1],
                    learner.backend().parameterCount(), members > 0 ? "; " + members + " members per family" : "",
                    learner.backend().description());
            results.put(Integer.toString(b), median);
        }
        return results;
    }

    /**
     * Samples per second of {@code rounds} timed rounds of steps on the batches of {@code cycle} in turn, after the
     * warm-up (which steps through the whole cycle at least once).
     */
    double[] measure(OnlineLearner learner, List<ExampleBatch> cycle, int size) {
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int next = 0;
        do {
            learner.predictThenLearn(cycle.get(next++ % cycle.size()));
        } while (System.nanoTime() < warmupEnd || next < cycle.size());
        double[] rates = new double[Math.max(1, rounds)];
        long roundNanos = (long) (roundSeconds * 1e9);
        for (int r = 0; r < rates.length; r++) {
            long steps = 0;
            long start = System.nanoTime();
            long now;
            do {
                learner.predictThenLearn(cycle.get(next++ % cycle.size()));
                steps++;
                now = System.nanoTime();
            } while (now - start < roundNanos);
            rates[r] = steps * (double) size / ((now - start) / 1e9);
        }
        return rates;
    }

    /**
     * Full batches with every task labeled: standard normal inputs and targets, uniform classes; one batch, or with
     * {@code members} &gt; 0 as many as it takes for the rows of family tasks to name every member once, in turn.
     */
    static List<ExampleBatch> syntheticBatches(ModelConfig model, SplittableRandom random, int members) {
        int b = model.training().batchSize();
        int tasks = model.tasks().size();
        boolean[] family = new boolean[tasks];
        for (int t = 0; t < tasks; t++) {
            family[t] = members > 0 && model.tasks().get(t).isFamily();
        }
        int count = members > 0 ? (members + b - 1) / b : 1;
        TaskType[] types = model.tasks().stream().map(TaskType::of).toArray(TaskType[]::new);
        List<ExampleBatch> batches = new ArrayList<>(count);
        int member = 0;
        for (int i = 0; i < count; i++) {
            ExampleBatch batch = ExampleBatch.forModel(model);
            for (int r = 0; r < b; r++) {
                float[] row = new float[model.inputWidth()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = (float) gaussian(random);
                }
                String[] keys = new String[tasks];
                for (int t = 0; t < tasks; t++) {
                    keys[t] = family[t] ? "m-" + member % members : null;
                }
                member++;
                batch.add(new Example(r, row, new float[tasks], new boolean[tasks], 0, keys));
                for (int t = 0; t < tasks; t++) {
                    batch.label(r, t, types[t].randomLabel(random));
                }
            }
            batches.add(batch);
        }
        return batches;
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
