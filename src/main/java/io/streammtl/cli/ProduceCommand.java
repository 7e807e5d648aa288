package io.streammtl.cli;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ConfigException;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.Stages;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.ModelKeys;
import io.streammtl.data.DataFiles;
import io.streammtl.data.csv.CsvException;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.CsvEvents;
import io.streammtl.stream.EventProducer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code streammtl produce}: replays a CSV as input events, {@code --passes} times, optionally paced; with
 * {@code --label-delay}, the labels of the tasks with a {@code label_ttl} follow later on the labels topic.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, description = "Replay a CSV as labeled events.")
public final class ProduceCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "Model spec (YAML): maps columns to features and labels.")
    Path config;

    @Option(names = "--data", required = true, description = "CSV to replay (a path or classpath:data/wine/...).")
    String data;

    @Option(names = "--passes", defaultValue = "1", description = "Times to replay the file (default ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--rate", defaultValue = "0", description = "Events per second; 0 = as fast as possible.")
    double rate;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:" + EnvironmentDefaults.BOOTSTRAP_SERVERS + "}",
            description = "Kafka; default: env STREAMMTL_BOOTSTRAP_SERVERS, else the embedded broker that serve recorded.")
    String bootstrapServers;

    @Option(names = "--data-dir", defaultValue = "${env:" + EnvironmentDefaults.DATA_DIR + ":-streammtl-data}",
            description = "Where serve recorded its broker (default: env STREAMMTL_DATA_DIR, else streammtl-data).")
    Path dataDirectory;

    @Option(names = "--topic", description = "Topic to write; default: the spec's first input topic.")
    String topic;

    @Option(names = "--model", defaultValue = ModelKeys.DEFAULT_KEY,
            description = "Model key of the events (default ${DEFAULT-VALUE}); one the spec accepts (kafka.models).")
    String modelKey;

    @Option(names = "--label-delay", paramLabel = "DIST", converter = LabelDelay.Converter.class,
            description = "Send the labels of the spec's tasks with a label_ttl later, on the labels topic, each row's"
                    + " after a delay drawn from DIST: " + LabelDelay.FORMS + ".")
    LabelDelay labelDelay;

    @Option(names = "--label-fraction", defaultValue = "1", paramLabel = "F",
            description = "With --label-delay: the share of rows whose delayed labels ever come (default ${DEFAULT-VALUE}).")
    double labelFraction;

    @Option(names = "--labels-topic", description = "With --label-delay: topic of the labels; default: the spec's"
            + " first labels.topics.")
    String labelsTopic;

    @Option(names = "--seed", defaultValue = "1",
            description = "With --label-delay: seed of the label fraction and delays (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ServiceConfig served;
        List<LabeledEvent> rows;
        try {
            served = SpecFiles.load(config);
            if (!served.kafka().modelKeys().accepts(modelKey)) {
                err.println("error: --model '" + modelKey + "' is not a model key " + config + " accepts (kafka.models "
                        + served.kafka().modelKeys().allowed() + (served.kafka().modelKeys().pattern() == null ? ""
                        : ", kafka.model_pattern '" + served.kafka().modelKeys().pattern() + "'")
                        + "): serve would dead-letter every event");
                return ExitCodes.BAD_INPUT;
            }
            rows = read(served, data, modelKey);
        } catch (ConfigException e) {
            err.println("error: " + config + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (CsvException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (passes < 1 || rate < 0) {
            err.println("error: --passes must be at least 1 and --rate at least 0");
            return ExitCodes.BAD_INPUT;
        }
        String labelsError = checkLabelOptions(served);
        if (labelsError != null) {
            err.println("error: " + labelsError);
            return ExitCodes.BAD_INPUT;
        }
        String servers = ClusterAddress.resolve(EnvironmentDefaults.orNull(bootstrapServers), dataDirectory);
        if (servers == null) {
            err.println("error: no --bootstrap-servers given and no broker recorded in " + dataDirectory
                    + " (start 'streammtl serve' first, or pass --bootstrap-servers)");
            return ExitCodes.BAD_INPUT;
        }
        String target = topic != null ? topic : served.kafka().inputTopics().stream().findFirst().orElse(null);
        if (target == null) {
            err.println("error: the spec reads an input pattern; name the topic with --topic");
            return ExitCodes.BAD_INPUT;
        }
        long total = (long) passes * rows.size();
        boolean byModel = served.kafka().stages() == Stages.SINGLE && served.kafka().keyedByModel();
        Codecs codecs = Codecs.create();
        String run = runId();
        String labelCounts = "";
        long started = System.nanoTime();
        try (EventProducer producer = new EventProducer(servers, target, codecs.events());
             DelayedLabelSender labels = labelDelay == null ? null : new DelayedLabelSender(servers,
                     labelsTopic(served), codecs.labels(), DelayedTasks.of(served.model()),
                     new LabelSchedule(labelDelay, labelFraction, seed));
             ProgressBar bar = new ProgressBarBuilder().setTaskName("produce").setInitialMax(total)
                     .setStyle(ProgressBarStyle.ASCII).setUnit(" events", 1).showSpeed().build()) {
            long sent = 0;
            for (int pass = 0; pass < passes; pass++) {
                for (LabeledEvent row : rows) {
                    LabeledEvent event = LabeledEvent.newBuilder(row).setId(run + "/p" + pass + ":" + row.getId())
                            .setEventTime(Instant.now()).build();
                    producer.send(labels == null ? event : labels.holdBack(event), byModel);
                    sent++;
                    bar.step();
                    if (rate > 0) {
                        pace(started, sent, labels);
                    } else if (labels != null) {
                        labels.sendDue();
                    }
                }
            }
            producer.flush();
            if (labels != null) {
                labels.finish();
                labelCounts = String.format(Locale.ROOT, "sent %d labels to %s, withheld %d%n", labels.sent(),
                        labelsTopic(served), labels.withheld());
            }
        }
        spec.commandLine().getOut().printf("sent %d events to %s on %s%n", total, target, servers);
        spec.commandLine().getOut().print(labelCounts);
        return 0;
    }

    /** What is wrong with the delayed-label options, or null. */
    private String checkLabelOptions(ServiceConfig served) {
        if (labelDelay == null) {
            boolean stray = labelsTopic != null || labelFraction != 1;
            return stray ? "--label-fraction and --labels-topic apply only with --label-delay" : null;
        }
        if (served.model().tasks().stream().noneMatch(TaskConfig::delayed)) {
            return "--label-delay: no task of " + config + " has a label_ttl; give the tasks whose labels come"
                    + " later a label_ttl (and the spec a labels section)";
        }
        if (!(labelFraction >= 0 && labelFraction <= 1)) {
            return "--label-fraction must be from 0 to 1, got " + labelFraction;
        }
        if (labelsTopic(served) == null) {
            return "the spec reads labels by pattern; name the labels topic with --labels-topic";
        }
        return null;
    }

    private String labelsTopic(ServiceConfig served) {
        return labelsTopic != null ? labelsTopic : served.labels().topics().stream().findFirst().orElse(null);
    }

    /**
     * A prefix that keeps this run's event ids apart from earlier runs' over the same file: labels are joined to
     * their events by id.
     */
    private static String runId() {
        return Long.toString(System.currentTimeMillis(), 36) + "." + ProcessHandle.current().pid();
    }

    private void pace(long started, long sent, DelayedLabelSender labels) throws InterruptedException {
        long due = started + (long) (sent / rate * 1e9);
        if (labels != null) {
            labels.waitUntil(due);
            return;
        }
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    static List<LabeledEvent> read(ServiceConfig config, String location, String model) {
        String name = location.substring(location.lastIndexOf('/') + 1);
        try (CsvReader reader = DataFiles.open(location, config.csv())) {
            return CsvEvents.readAll(config.model(), reader, name + ":", model);
        }
    }
}
