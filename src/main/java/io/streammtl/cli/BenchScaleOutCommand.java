package io.streammtl.cli;

import io.streammtl.bench.ScaleOutBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code streammtl bench scale-out}: the options of {@link ScaleOutBench}, on a given broker or an embedded one started
 * in a temporary directory that is deleted afterwards.
 */
@Command(name = "scale-out", mixinStandardHelpOptions = true,
        description = "kafka.stages: split with 1, 2, 3 instances: prediction-stage and learner rates, CPU per event, "
                + "model age and steps behind at prediction, per snapshot cadence. Figures only.")
public final class BenchScaleOutCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", defaultValue = "classpath:config/wine.yaml", description = "Model spec (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--data", defaultValue = "classpath:data/wine/red-train.csv", description = "Rows cycled into events.")
    String data;

    @Option(names = "--events", defaultValue = "200000", description = "Events per run (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--instances", split = ",", defaultValue = "1,2,3", description = "Instance counts to run "
            + "(default ${DEFAULT-VALUE}).")
    List<Integer> instances;

    @Option(names = "--labeled", split = ",", defaultValue = "0.1,1", description = "Fractions of events that carry "
            + "labels, one input each (default ${DEFAULT-VALUE}).")
    List<Double> labeled;

    @Option(names = "--snapshot-every-steps", split = ",", defaultValue = "10", description = "Broadcast cadences to "
            + "run (kafka.snapshot_every_steps, 0 = by time only; default ${DEFAULT-VALUE}).")
    List<Long> snapshotEverySteps;

    @Option(names = "--snapshot-every-seconds", defaultValue = "60", description = "kafka.snapshot_every_seconds of "
            + "every run (default ${DEFAULT-VALUE}; with --snapshot-every-steps 0, the only cadence).")
    long snapshotEverySeconds;

    @Option(names = "--partitions", defaultValue = "6", description = "Input partitions (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--models", defaultValue = "2", description = "Model keys (default ${DEFAULT-VALUE}).")
    int models;

    @Option(names = "--no-warm-up", description = "Skip the unmeasured first run of one instance.")
    boolean noWarmUp;

    @Option(names = "--bootstrap-servers", description = "Kafka; without it an embedded broker starts in a temporary directory.")
    String bootstrapServers;

    @Option(names = "--json", description = "Write the figures as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ScaleOutBench.Settings settings;
        try {
            settings = new ScaleOutBench.Settings(events, instances, labeled, snapshotEverySteps, snapshotEverySeconds,
                    partitions, models, !noWarmUp);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        return KafkaBenchRun.run(spec.commandLine().getErr(), config, data, bootstrapServers, json,
                (servers, note, work, model, rows) -> new ScaleOutBench(settings, out)
                        .run(servers, note, work, model, rows));
    }
}
