package io.streammtl.cli;

import picocli.CommandLine.Command;

/** {@code streammtl bench}: benchmarks that print figures; they never pass or fail on a stopwatch. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchLearnerCommand.class, BenchStreamCommand.class, BenchDriftCommand.class,
                BenchLabelsCommand.class, BenchScaleOutCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
