package io.streammtl.cli;

import io.streammtl.config.ConfigException;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.metrics.MetricsEndpoint;
import io.streammtl.metrics.ServiceMetrics;
import io.streammtl.stream.DeadInstanceTransactions;
import io.streammtl.stream.ModelReset;
import io.streammtl.stream.StepListener;
import io.streammtl.stream.StoredModelRefused;
import io.streammtl.stream.StreamService;
import io.streammtl.stream.TrainingProgress;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code streammtl serve}: the service. Without {@code --bootstrap-servers} it starts an embedded single-node
 * KRaft broker in the same JVM, keeping its data in the data directory across restarts.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the online multi-task learning service on Kafka (embedded broker if no servers are given).")
public final class ServeCommand implements Callable<Integer> {
    // A service's output goes to a log, so its lines carry time and level; command-line errors stay plain.
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "Model spec (YAML).")
    Path config;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:" + EnvironmentDefaults.BOOTSTRAP_SERVERS + "}",
            description = "Kafka to use (default: env STREAMMTL_BOOTSTRAP_SERVERS); without either an embedded broker starts.")
    String bootstrapServers;

    @Option(names = "--data-dir", defaultValue = "${env:" + EnvironmentDefaults.DATA_DIR + ":-streammtl-data}",
            description = "Embedded broker data and local state (default: env STREAMMTL_DATA_DIR, else streammtl-data).")
    Path dataDirectory;

    @Option(names = "--status-seconds", defaultValue = "10", description = "Status line interval; 0 = none.")
    int statusSeconds;

    @Option(names = "--metrics-port", description = "Port of /metrics and /health/*; overrides metrics.port "
            + "(default 9400); 0 = no endpoint.")
    Integer metricsPort;

    @Option(names = "--reset-model", description = "Start a model afresh when its stored state cannot be restored "
            + "under this spec (a change that cannot carry over, e.g. trunk widths or a task's kind); the stored "
            + "model is dropped. Without it such a start fails, naming the change.")
    boolean resetModel;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ServiceConfig served;
        try {
            served = SpecFiles.load(config);
        } catch (ConfigException e) {
            err.println("error: " + config + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (resetModel) {
            served = served.withKafka(served.kafka().withStreamsSetting(ModelReset.CONFIG, "true"));
            LOG.warn("--reset-model: a stored model that does not fit this spec will be DROPPED and start afresh");
        }
        ModelConfig model = served.model();
        int port = metricsPort != null ? metricsPort : served.endpoint().port();
        if (port < 0 || port > 65_535) {
            err.println("error: --metrics-port " + port + " is out of range; expected 0 (no endpoint) to 65535");
            return ExitCodes.BAD_INPUT;
        }
        String servers = EnvironmentDefaults.orNull(bootstrapServers);
        EmbeddedKafkaBroker broker = NativeWarmUp.loadWhileStarting(
                servers == null ? dataDirectory.resolve("broker") : null);
        if (broker != null) {
            servers = broker.bootstrapServers();
            ClusterAddress.record(dataDirectory, servers);
            LOG.info("embedded Kafka broker listening on {} (data in {})", servers, broker.dataDirectory());
            DeadInstanceTransactions.end(servers, served.kafka().applicationId(), Duration.ofSeconds(30));
        }
        TrainingProgress progress = new TrainingProgress();
        ServiceMetrics metrics = new ServiceMetrics(model, served.endpoint().familyWorstK());
        MetricsEndpoint endpoint;
        try {
            endpoint = port > 0 ? MetricsEndpoint.start(port, metrics.registry(), metrics.health()) : null;
        } catch (java.io.IOException e) {
            err.println("error: cannot serve metrics on port " + port + ": " + e.getMessage());
            if (broker != null) {
                broker.close();
            }
            return 1;
        }
        StreamService service = StreamService.start(served, servers, dataDirectory.resolve("state"),
                StepListener.both(progress, metrics), metrics.joinListener(), System.getenv());
        metrics.attach(service);
        service.models().listen(metrics.servingListener());
        if (endpoint != null) {
            endpoint.predictWith(new io.streammtl.stream.RestPredictor(model, served.kafka(), service.models(),
                    io.streammtl.stream.Codecs.create(), System::currentTimeMillis, metrics.servingListener()));
        }
        if (endpoint != null) {
            LOG.info("metrics and health on http://0.0.0.0:{}/metrics, /health/live, /health/ready; POST /predict",
                    endpoint.port());
        }
        EmbeddedKafkaBroker embedded = broker;
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread shutdown = new Thread(() -> {
            stopping.set(true);
            service.close();
            if (endpoint != null) {
                endpoint.close();
            }
            if (embedded != null) {
                embedded.close();
            }
        }, "streammtl-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        if (!service.createdTopics().isEmpty()) {
            LOG.info("created topics {}", service.createdTopics());
        }
        LOG.info("serving model '{}' (application {}): {} -> {}, snapshots {}, dead letters {}",
                model.name(), served.kafka().applicationId(),
                served.kafka().inputPattern() != null ? served.kafka().inputPattern() : served.kafka().inputTopics(),
                served.kafka().predictionsTopic(), served.kafka().snapshotsTopic(), served.kafka().deadLetterTopic());
        if (served.labels() != null) {
            LOG.info("labels that come later: {} -> joined through {} (tasks with a label_ttl: {})",
                    served.labels().pattern() != null ? served.labels().pattern() : served.labels().topics(),
                    served.labels().joinedTopic(), model.tasks().stream().filter(t -> t.delayed())
                            .map(t -> t.name() + " " + io.streammtl.config.Durations.format(t.labelWait().ttlMillis()))
                            .toList());
        }
        LOG.info("compute: {}", io.streammtl.model.train.Backends.description());
        long lastEvents = 0;
        long lastTime = System.nanoTime();
        while (!stopping.get() && service.failure() == null && service.state().isRunningOrRebalancing()) {
            Thread.sleep(statusSeconds > 0 ? statusSeconds * 1000L : 1000L);
            if (statusSeconds > 0) {
                long events = progress.events();
                long now = System.nanoTime();
                LOG.info("{}", StatusLine.format(events, (events - lastEvents) / ((now - lastTime) / 1e9),
                        service.deadLetters().total(), progress.models()));
                lastEvents = events;
                lastTime = now;
            }
        }
        if (stopping.get()) {
            return 0;
        }
        StoredModelRefused refused = StoredModelRefused.in(service.failure());
        if (refused != null) {
            LOG.error("the service cannot start on its stored state: {}", refused.getMessage());
            err.println("error: " + refused.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        LOG.error("the service stopped ({}){}", service.state(),
                service.failure() == null ? "" : ": " + service.failure());
        return 1;
    }
}
