package io.streammtl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.bench.LearnerBench;
import io.streammtl.config.ConfigException;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code streammtl bench learner}: the options of {@link LearnerBench}, and its figures as JSON if asked.
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

    @Option(names = "--members", defaultValue = "0", description = "With task families: the rows of each family"
            + " belong to this many members in turn (default ${DEFAULT-VALUE}: no member keys, the family heads alone).")
    int members;

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
        if (members < 0) {
            spec.commandLine().getErr().println("error: --members " + members + " is negative; expected 0 or more");
            return ExitCodes.BAD_INPUT;
        }
        BlasThreads.set(threads);
        ObjectNode results = new LearnerBench(rounds, roundSeconds, warmupSeconds).run(base, batches, threads, members,
                spec.commandLine().getOut());
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
}
