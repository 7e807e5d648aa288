package io.streammtl.cli;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.bench.LabelJoinBench;
import io.streammtl.config.ConfigException;
import io.streammtl.config.ModelKeys;
import io.streammtl.config.ServiceConfig;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bench labels}: labels inside events against the same labels coming later, on one broker. */
@Command(name = "labels", mixinStandardHelpOptions = true,
        description = "Labels in events vs labels later on a labels topic: rate, CPU per event, join store and "
                + "changelog bytes, prediction latency. Figures only.")
public final class BenchLabelsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", defaultValue = "classpath:config/wine.yaml", description = "Model spec (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--data", defaultValue = "classpath:data/wine/red-train.csv", description = "Rows cycled into events.")
    String data;

    @Option(names = "--events", defaultValue = "100000", description = "Events per run (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--delay", defaultValue = "100", description = "Each label is sent this many events after its event (default ${DEFAULT-VALUE}).")
    int delay;

    @Option(names = "--repeats", defaultValue = "3", description = "Pairs of runs (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--rate", defaultValue = "2000", description = "Events/s of the latency runs (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--latency-seconds", defaultValue = "10", description = "Length of each latency run; 0 skips them.")
    int latencySeconds;

    @Override
    public Integer call() throws Exception {
        if (events < 1 || delay < 0 || repeats < 1 || rate <= 0 || latencySeconds < 0) {
            spec.commandLine().getErr().println("error: --events, --repeats and --rate must be positive, --delay and "
                    + "--latency-seconds at least 0");
            return ExitCodes.BAD_INPUT;
        }
        ServiceConfig model;
        try {
            model = SpecFiles.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("error: " + config + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        ServiceConfig delayed = DelayedDemoSpec.delayAll(model, "unused-labels");
        Path work = Files.createTempDirectory("streammtl-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            List<LabeledEvent> rows = ProduceCommand.read(model, data, ModelKeys.DEFAULT_KEY);
            new LabelJoinBench(new LabelJoinBench.Settings(events, delay, repeats, rate, latencySeconds),
                    spec.commandLine().getOut()).run(broker.bootstrapServers(), work, model, delayed, rows);
        } finally {
            WorkDirectory.delete(work);
        }
        return 0;
    }
}
