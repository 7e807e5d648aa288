package io.streammtl.stream;

import io.streammtl.config.ServiceConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The running service: topics ensured, then the topology of {@link ServiceTopology} under Kafka Streams. */
public final class StreamService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamService.class);

    private final KafkaStreams streams;
    private final DeadLetterCounts counts;
    private final List<String> createdTopics;
    private final ModelBroadcast models;
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile Throwable failure;

    private StreamService(KafkaStreams streams, DeadLetterCounts counts, List<String> createdTopics,
                          ModelBroadcast models) {
        this.streams = streams;
        this.counts = counts;
        this.createdTopics = createdTopics;
        this.models = models;
    }

    /** Creates missing topics (if allowed) and starts the streams application; returns without waiting. */
    public static StreamService start(ServiceConfig config, String bootstrapServers, Path stateDirectory,
                                      StepListener listener, Map<String, String> environment) {
        return start(config, bootstrapServers, stateDirectory, listener, JoinListener.NONE, environment);
    }

    /** As above, the label join (if the spec has delayed labels) reporting to {@code joinListener}. */
    public static StreamService start(ServiceConfig config, String bootstrapServers, Path stateDirectory,
                                      StepListener listener, JoinListener joinListener,
                                      Map<String, String> environment) {
        List<String> created = TopicCreator.ensure(config.kafka(), config.labels(), bootstrapServers);
        DeadLetterCounts counts = new DeadLetterCounts();
        java.util.Properties settings = StreamsSettings.of(config.kafka(), bootstrapServers, stateDirectory, counts,
                environment);
        WriteLimit limit = WriteLimit.of(config.kafka(), settings,
                WriteLimit.topicLimits(config.kafka(), bootstrapServers));
        if (limit.bytes() < config.kafka().maxRecordBytes()) {
            LOG.info("writing records of at most {} bytes, set by {}", limit.bytes(), limit.source());
            config = config.withKafka(config.kafka().withMaxRecordBytes(limit.bytes()));
            settings.put(DeadLetterHandler.MAX_RECORD_BYTES_CONFIG, Integer.toString(limit.bytes()));
        }
        Codecs codecs = Codecs.create();
        ModelBroadcast models = new ModelBroadcast(config.model(), codecs);
        KafkaStreams streams = new KafkaStreams(ServiceTopology.build(config, codecs, counts, listener, joinListener,
                models, codeVersion()), settings);
        StreamService service = new StreamService(streams, counts, created, models);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                service.running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("stream thread failed; shutting the service down", exception);
            service.failure = exception;
            service.running.countDown();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return service;
    }

    /** The version in the jar's manifest, or "dev" when run from classes. */
    public static String codeVersion() {
        String version = StreamService.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Waits until the application is RUNNING; false on timeout or failure. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && failure == null;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The error that stopped the service, or null. */
    public Throwable failure() {
        return failure;
    }

    public DeadLetterCounts deadLetters() {
        return counts;
    }

    /** This instance's copy of the latest published model of each key (the model broadcast). */
    public ModelBroadcast models() {
        return models;
    }

    public List<String> createdTopics() {
        return createdTopics;
    }

    /** Kafka Streams' own metrics (lag, rates, latencies), for exporters. */
    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
