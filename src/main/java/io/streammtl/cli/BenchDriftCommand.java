package io.streammtl.cli;

import io.streammtl.bench.DriftBench;
import io.streammtl.data.generate.GeneratorKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code streammtl bench drift}: the options of {@link DriftBench}.
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Detection delay and recovery time after an abrupt change, per drift response.")
public final class BenchDriftCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--task", defaultValue = "binary", description = "binary (SEA) or regression (Friedman #1).")
    String task;

    @Option(names = "--generator", description = "sea or hyperplane for binary (default sea); friedman for regression.")
    String generator;

    @Option(names = "--detector", description = "Detector (default adwin for binary, page_hinkley for regression).")
    String detector;

    @Option(names = "--rows", defaultValue = "40000", description = "Rows per stream; the change is in the middle.")
    int rows;

    @Option(names = "--seeds", defaultValue = "5", description = "Streams (seeds 1..N) per response.")
    int seeds;

    @Option(names = "--responses", split = ",", defaultValue = "none,challenge,reset_head,boost_lr,rollback,background_head",
            description = "Responses to compare (default ${DEFAULT-VALUE}).")
    List<String> responses;

    @Option(names = "--window", defaultValue = "500", description = "Window of the loss curve (examples).")
    int window;

    @Override
    public Integer call() throws Exception {
        new DriftBench(GeneratorKind.resolve(task, generator), detector, rows, seeds, window)
                .run(responses, spec.commandLine().getOut());
        return 0;
    }
}
