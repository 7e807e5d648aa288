package io.streammtl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.config.ConfigException;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TrainingConfig;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code streammtl bench learner}: times {@code predictThenLearn} on synthetic batches shaped by a model spec
 * (after a warm-up) and prints the median samples/s over several rounds per batch size.
 */
@Command(name = "learner", mixinStandardHelpOptions = true,
        description = "Time the learner's step (predict, loss, backward, optimiser) on synthetic data.")
public final class BenchLearnerCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "Model spec (YAML).")
    Path config;

    @Option(names = "--batch", split = ",", defaultValue = "32,256", description = "Micro-batch sizes (default ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--threads", defaultValue = "1", description = "BLAS threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--rounds", defaultValue = "7", description = "Timed rounds per batch size; the median is reported.")
    int rounds;

    @Option(names = "--round-seconds", defaultValue = "0.5", description = "Length of a round.")
    double roundSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "2", description = "Untimed warm-up per batch size.")
    double warmupSeconds;

    @Option(names = "--json", description = "Write {\"samples_per_second\": {batch: value}} to this file.")
    Path json;

    @Override
    public Integer call() throws IOException {
        ModelConfig base;
        try {
            base = SpecFiles.load(config).model();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("error: " + config + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        for (int b : batches) {
            if (b < 1 || b > TrainingConfig.MAX_BATCH) {
                spec.commandLine().getErr().println("error: --batch " + b + " is out of range; expected 1 to " + TrainingConfig.MAX_BATCH);
                return ExitCodes.BAD_INPUT;
            }
        }
        BlasThreads.set(threads);
        spec.commandLine().getOut().printf(Locale.ROOT, "machine: %s, %d cores visible, Java %s; BLAS threads %d%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), threads);
        ObjectNode results = new ObjectMapper().createObjectNode();
        for (int b : batches) {
            ModelConfig model = base.withBatchSize(b);
            OnlineLearner learner = new OnlineLearner(model);
            ExampleBatch batch = syntheticBatch(model, new SplittableRandom(model.seed()));
            double[] rates = measure(learner, batch, b);
            Arrays.sort(rates);
            double median = rates[rates.length / 2];
            spec.commandLine().getOut().printf(Locale.ROOT, "batch %5d: %,12.0f samples/s (median of %d rounds; min %,.0f, max %,.0f)"
                    + "; %d parameters; %s%n", b, median, rates.length, rates[0], rates[rates.length - 1],
                    learner.backend().parameterCount(), learner.backend().description());
            results.put(Integer.toString(b), median);
        }
        if (json != null) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.set("samples_per_second", results);
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), root);
        }
        return 0;
    }

    private double[] measure(OnlineLearner learner, ExampleBatch batch, int size) {
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
        for (int r = 0; r < b; r++) {
            for (int c = 0; c < row.length; c++) {
                row[c] = (float) gaussian(random);
            }
            batch.add(row);
            for (int t = 0; t < model.tasks().size(); t++) {
                TaskConfig task = model.tasks().get(t);
                float label = switch (task.kind()) {
                    case REGRESSION -> (float) gaussian(random);
                    case BINARY -> random.nextInt(2);
                    case MULTICLASS -> random.nextInt(task.outputs());
                };
                batch.label(r, t, label);
            }
        }
        return batch;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
