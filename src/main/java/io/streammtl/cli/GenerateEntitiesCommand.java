package io.streammtl.cli;

import io.streammtl.data.generate.EntitiesCsv;
import io.streammtl.data.generate.EntitiesGenerator;
import io.streammtl.data.generate.EntitiesSettings;
import io.streammtl.data.generate.EntitiesSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code streammtl generate entities}: K entities that share a common function plus a per-entity offset and slope,
 * with uneven row counts and some entities only late, as train.csv, test.csv and a matching spec.yaml.
 */
@Command(name = "entities", mixinStandardHelpOptions = true,
        description = "K entities sharing structure (y = f(x) + a_k + b_k·(w·x) + noise, above = y > a_k), uneven "
                + "and some only late; writes DIR/train.csv, DIR/test.csv and DIR/spec.yaml.")
public final class GenerateEntitiesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--members", paramLabel = "K", defaultValue = "20",
            description = "Entities (default ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "10000",
            description = "Stream rows in train.csv; test.csv gets a tenth as many (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--features", paramLabel = "D", defaultValue = "5",
            description = "Numeric features x1..xD (default ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--noise", paramLabel = "SD", defaultValue = "0.5",
            description = "Standard deviation of the noise on y (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--late-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of entities that first appear in the stream's second half (default ${DEFAULT-VALUE}).")
    double lateFraction;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into.")
    Path out;

    @Override
    public Integer call() {
        EntitiesGenerator generator;
        try {
            generator = new EntitiesGenerator(new EntitiesSettings(members, rows, features, noise, lateFraction, seed));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        long[] counts;
        try {
            Files.createDirectories(out);
            counts = EntitiesCsv.write(generator, out.resolve("train.csv"), out.resolve("test.csv"));
            Files.writeString(out.resolve("spec.yaml"), EntitiesSpec.yaml(generator), StandardCharsets.UTF_8);
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: cannot write into " + out + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().printf("wrote %s: %d rows of %d entities (%d late), %d to %d rows each%n",
                out.resolve("train.csv"), rows, members, generator.settings().lateMembers(),
                Arrays.stream(counts).min().orElse(0), Arrays.stream(counts).max().orElse(0));
        spec.commandLine().getOut().printf("wrote %s: %d held-out rows%n", out.resolve("test.csv"),
                generator.settings().testRows());
        spec.commandLine().getOut().printf("wrote %s%n", out.resolve("spec.yaml"));
        return 0;
    }
}
