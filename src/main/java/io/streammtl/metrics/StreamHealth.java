package io.streammtl.metrics;

import io.streammtl.stream.StreamService;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Health from Kafka Streams. Live unless the streams are in (or heading to) ERROR or a stream thread failed: only
 * then does a restart help. Ready only while this instance is serving: streams RUNNING; the stream thread's consumer
 * connected to a broker (or not for less than {@link #DISCONNECTED_MILLIS}) and, once it has heartbeated, heard from
 * its group coordinator within {@link #MAX_HEARTBEAT_AGE_SECONDS} (a lost broker leaves Kafka Streams RUNNING for
 * about a minute); and either records were processed within {@link #STALL_MILLIS} or none are waiting (no lag). Before a service is attached it is live (starting) but not ready.
 */
public final class StreamHealth implements HealthCheck {
    /** Heartbeats go every 3 s by default; three missed ones and the coordinator is out of reach. */
    static final double MAX_HEARTBEAT_AGE_SECONDS = 10;
    /** No connection to any broker for this long: out of reach (a reconnect within it is not worth a flap). */
    static final long DISCONNECTED_MILLIS = 5_000;
    /** Records waiting and none processed for this long: stalled. */
    static final long STALL_MILLIS = 30_000;

    private final LongSupplier clock;
    private volatile Supplier<KafkaStreams.State> state = () -> null;
    private volatile Supplier<Throwable> failure = () -> null;
    private volatile Supplier<Map<MetricName, ? extends Metric>> metrics = Map::of;
    private double processed = -1;
    private long progressAt;
    private long disconnectedSince = -1;

    public StreamHealth() {
        this(System::currentTimeMillis);
    }

    /** Health on another clock (tests). */
    public StreamHealth(LongSupplier clock) {
        this.clock = clock;
    }

    /** Follows this service from now on. */
    public void attach(StreamService service) {
        attach(service::state, service::failure, () -> service.streams().metrics());
    }

    /** Follows these suppliers from now on (tests give fixed states). */
    public void attach(Supplier<KafkaStreams.State> stateSource, Supplier<Throwable> failureSource) {
        attach(stateSource, failureSource, Map::of);
    }

    /** Follows these suppliers, Kafka Streams' metrics included, from now on. */
    public synchronized void attach(Supplier<KafkaStreams.State> stateSource, Supplier<Throwable> failureSource,
                                    Supplier<Map<MetricName, ? extends Metric>> metricsSource) {
        this.state = stateSource;
        this.failure = failureSource;
        this.metrics = metricsSource;
        this.processed = -1;
        this.progressAt = clock.getAsLong();
        this.disconnectedSince = -1;
    }

    @Override
    public Status live() {
        KafkaStreams.State now = state.get();
        Throwable failed = failure.get();
        if (failed != null) {
            return new Status(false, "failed: " + failed);
        }
        if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR) {
            return new Status(false, now.name());
        }
        return new Status(true, now == null ? "STARTING" : now.name());
    }

    @Override
    public synchronized Status ready() {
        KafkaStreams.State now = state.get();
        if (now != KafkaStreams.State.RUNNING || failure.get() != null) {
            return new Status(false, now == null ? "STARTING" : now.name());
        }
        double heartbeatAge = -1;
        double lag = 0;
        double processedNow = 0;
        double connections = -1;
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.get().entrySet()) {
            MetricName name = entry.getKey();
            String client = name.tags().getOrDefault("client-id", "");
            if (name.group().equals("stream-thread-metrics") && name.name().equals("process-total")) {
                processedNow += number(entry.getValue());
            } else if (isMainConsumer(client) && name.group().equals("consumer-coordinator-metrics")
                    && name.name().equals("last-heartbeat-seconds-ago")) {
                heartbeatAge = Math.max(heartbeatAge, number(entry.getValue()));
            } else if (isMainConsumer(client) && name.group().equals("consumer-metrics")
                    && name.name().equals("connection-count")) {
                connections = Math.max(connections, 0) + number(entry.getValue());
            } else if (isMainConsumer(client) && name.group().equals("consumer-fetch-manager-metrics")
                    && name.name().equals("records-lag") && name.tags().containsKey("partition")) {
                double partitionLag = number(entry.getValue());
                if (Double.isFinite(partitionLag)) {
                    lag += partitionLag;
                }
            }
        }
        long at = clock.getAsLong();
        if (processedNow > processed) {
            processed = processedNow;
            progressAt = at;
        }
        if (connections == 0) {
            disconnectedSince = disconnectedSince < 0 ? at : disconnectedSince;
            if (at - disconnectedSince >= DISCONNECTED_MILLIS) {
                return new Status(false, String.format(Locale.ROOT,
                        "RUNNING, but the stream thread's consumer has had no broker connection for %d s",
                        (at - disconnectedSince) / 1000));
            }
        } else {
            disconnectedSince = -1;
        }
        if (heartbeatAge > MAX_HEARTBEAT_AGE_SECONDS) {
            return new Status(false, String.format(Locale.ROOT,
                    "RUNNING, but no heartbeat reached the group coordinator for %.0f s (is the broker reachable?)",
                    heartbeatAge));
        }
        long idle = at - progressAt;
        if (lag > 0 && idle > STALL_MILLIS) {
            return new Status(false, String.format(Locale.ROOT,
                    "RUNNING, but %.0f records wait and none was processed for %d s", lag, idle / 1000));
        }
        return new Status(true, lag > 0 ? "RUNNING, processing" : "RUNNING, caught up");
    }

    /** The stream threads' own consumers, not their restore consumers or the global one. */
    private static boolean isMainConsumer(String clientId) {
        return clientId.contains("StreamThread") && clientId.endsWith("-consumer") && !clientId.endsWith("restore-consumer");
    }

    private static double number(Metric metric) {
        try {
            return metric.metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
