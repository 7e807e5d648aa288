package io.streammtl.metrics;

import io.streammtl.stream.StreamService;
import org.apache.kafka.streams.KafkaStreams;

import java.util.function.Supplier;

/**
 * Health from the Kafka Streams state: live unless the streams are in (or heading to) ERROR or a stream thread
 * failed; ready only while RUNNING. Before a service is attached it is live (starting) but not ready.
 */
public final class StreamHealth implements HealthCheck {
    private volatile Supplier<KafkaStreams.State> state = () -> null;
    private volatile Supplier<Throwable> failure = () -> null;

    /** Follows this service from now on. */
    public void attach(StreamService service) {
        attach(service::state, service::failure);
    }

    /** Follows these suppliers from now on (tests give fixed states). */
    public void attach(Supplier<KafkaStreams.State> stateSource, Supplier<Throwable> failureSource) {
        this.state = stateSource;
        this.failure = failureSource;
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
    public Status ready() {
        KafkaStreams.State now = state.get();
        boolean ok = now == KafkaStreams.State.RUNNING && failure.get() == null;
        return new Status(ok, now == null ? "STARTING" : now.name());
    }
}
