package io.streammtl.cli;

import io.streammtl.data.generate.DriftKind;
import io.streammtl.data.generate.DriftSchedule;
import io.streammtl.data.generate.GeneratedCsv;
import io.streammtl.data.generate.GeneratorKind;
import io.streammtl.data.generate.StreamGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code streammtl generate drift}: a synthetic stream (SEA, rotating hyperplane or Friedman #1) whose concept
 * changes at known rows, written as CSV so that drift detectors can be checked against the truth.
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "A synthetic stream with known change points, as CSV (features x1..xd, label y).")
public final class GenerateDriftCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kind", required = true, paramLabel = "abrupt|gradual|recurring",
            description = "How the concept changes.")
    String kind;

    @Option(names = "--task", required = true, paramLabel = "binary|regression",
            description = "Label 0/1 or a number.")
    String task;

    @Option(names = "--generator", paramLabel = "sea|hyperplane|friedman",
            description = "sea (default) or hyperplane for binary; friedman for regression.")
    String generator;

    @Mixin
    GeneratedRowsOptions target;

    @Option(names = "--width", paramLabel = "W", defaultValue = "1000",
            description = "Rows over which a gradual change happens (default ${DEFAULT-VALUE}).")
    long width;

    @Option(names = "--noise", paramLabel = "P", description = "Label-flip probability (default sea 0.1, "
            + "hyperplane 0.05) or the regression noise's standard deviation (default friedman 1.0).")
    Double noise;

    @Option(names = "--changes", paramLabel = "K",
            description = "Evenly spaced change points (default 1; 3 for recurring).")
    Integer changes;

    @Override
    public Integer call() {
        DriftSchedule schedule;
        StreamGenerator stream;
        try {
            GeneratorKind generatorKind = GeneratorKind.resolve(task, generator);
            DriftKind driftKind = DriftKind.parse(kind);
            schedule = DriftSchedule.of(driftKind, target.rows, changes != null ? changes : driftKind.defaultChanges(),
                    width);
            stream = generatorKind.create(schedule, target.seed, noise != null ? noise : generatorKind.defaultNoise());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        try {
            GeneratedCsv.write(stream, target.out);
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: cannot write " + target.out + ": " + e.getMessage());
            return 1;
        }
        String points = stream.changePoints().stream().map(String::valueOf).collect(Collectors.joining(", "));
        String spread = schedule.kind() == DriftKind.GRADUAL ? " (each over " + schedule.width() + " rows)" : "";
        spec.commandLine().getOut().printf("wrote %s: %d rows, changes at rows %s%s%n", target.out, target.rows,
                points, spread);
        return 0;
    }
}
