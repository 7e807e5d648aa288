package io.streammtl.cli;

import io.streammtl.bench.StreamBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code streammtl bench stream}: the options of {@link StreamBench}, on a given broker or an embedded one started in
 * a temporary directory that is deleted afterwards.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Learning vs passthrough throughput on Kafka, and event-to-prediction latency.")
public final class BenchStreamCommand implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", defaultValue = "classpath:config/wine.yaml", description = "Model spec (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--data", defaultValue = "classpath:data/wine/red-train.csv", description = "Rows cycled into events.")
    String data;

    @Option(names = "--events", defaultValue = "1000000", description = "Events pre-loaded (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--bootstrap-servers", description = "Kafka; without it an embedded broker starts in a temporary directory.")
    String bootstrapServers;

    @Option(names = "--rate", defaultValue = "0", description = "Events/s for the latency runs; 0 = half the learning rate measured.")
    double rate;

    @Option(names = "--latency-seconds", defaultValue = "10", description = "Length of each latency run; 0 skips them.")
    int latencySeconds;

    @Option(names = "--warmup-events", defaultValue = "300000", description = "Records each topology first runs over "
            + "unmeasured, so that both are measured with compiled code, as in a long-running service (default "
            + "${DEFAULT-VALUE}; 0 = none).")
    int warmupEvents;

    @Option(names = "--repeats", defaultValue = "3", description = "Passthrough-then-learning pairs measured; the "
            + "medians are reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--thread-breakdown", description = "Also print CPU time and allocation per event of every thread "
            + "group in each measured run.")
    boolean threadBreakdown;

    @Option(names = "--latency-warmup-seconds", defaultValue = "10", description = "Paced sending before each "
            + "latency run's window, not counted (default ${DEFAULT-VALUE}).")
    int latencyWarmupSeconds;

    @Option(names = "--producer-linger-ms", defaultValue = "5", description = "linger.ms of the paced producer of the "
            + "latency runs (default ${DEFAULT-VALUE}, Kafka's own default; 0 sends every event at once).")
    int producerLingerMillis;

    @Option(names = "--json", description = "Write the figures as JSON.")
    Path json;

    @Option(names = "--without-metrics", description = "Learn without the Prometheus metrics listener, as serve "
            + "would with none (to measure what the metrics cost).")
    boolean withoutMetrics;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StreamBench.Settings settings;
        try {
            settings = new StreamBench.Settings(events, rate, latencySeconds, warmupEvents, repeats, threadBreakdown,
                    latencyWarmupSeconds, producerLingerMillis, withoutMetrics);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        return KafkaBenchRun.run(spec.commandLine().getErr(), config, data, bootstrapServers, json,
                (servers, note, work, model, rows) -> new StreamBench(settings, out)
                        .run(servers, note, work, model, rows));
    }
}
