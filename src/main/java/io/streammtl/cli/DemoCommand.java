package io.streammtl.cli;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code streammtl demo}: the README's main job. A {@link DemoRun} (an embedded Kafka broker, the service, and a
 * replay of the red wine training split as events, with live progress), then its {@link DemoReport}: per-task
 * metrics, sample predictions against truth, and a PNG report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Embedded Kafka + the service + a replay of the UCI red wine data, with a report at the end.")
public final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", defaultValue = "classpath:config/wine.yaml", description = "Model spec (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--train", defaultValue = "classpath:data/wine/red-train.csv", description = "Rows replayed as events.")
    String train;

    @Option(names = "--test", defaultValue = "classpath:data/wine/red-test.csv", description = "Held-out rows scored at the end.")
    String test;

    @Option(names = "--passes", defaultValue = "5", description = "Replays of the training rows (default ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--data-dir", description = "Broker data and state; default: a fresh temporary directory.")
    Path dataDirectory;

    @Option(names = "--delayed-labels", defaultValue = "0", paramLabel = "N",
            description = "Send each event without labels and its labels N events later on a labels topic, joined by"
                    + " the service (every task gets a label_ttl of 1h); 0 = labels inside the events (default).")
    int labelDelay;

    @Option(names = "--plot", defaultValue = "streammtl-demo.png", description = "PNG report (default ${DEFAULT-VALUE}).")
    Path plot;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServiceConfig base = SpecFiles.load(config);
        Path dir = dataDirectory != null ? dataDirectory : Files.createTempDirectory("streammtl-demo");
        try {
            DemoRun.Replay replay = new DemoRun(out, spec.commandLine().getErr(), train, passes, labelDelay).run(base, dir);
            if (replay == null) {
                return 1;
            }
            new DemoReport(test, passes, plot).write(out, replay);
            return 0;
        } finally {
            if (dataDirectory == null) {
                WorkDirectory.delete(dir);
            }
        }
    }
}
