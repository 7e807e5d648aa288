package io.streammtl.metrics;

import io.streammtl.stream.DeadLetterCounts;
import io.streammtl.stream.DeadLetterReason;
import io.streammtl.stream.StreamService;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service-level families sampled at scrape time: input records trained on or dead-lettered, dead letters by
 * reason, refused outputs, and whether the service is live and ready.
 */
final class ServiceSamples {
    private final String model;
    private final LongAdder trained = new LongAdder();
    private final StreamHealth health = new StreamHealth();
    private volatile DeadLetterCounts deadLetters = new DeadLetterCounts();

    ServiceSamples(String model) {
        this.model = model;
    }

    /** Follows a started service's dead letters and health. */
    void attach(StreamService service) {
        deadLetters = service.deadLetters();
        health.attach(service);
    }

    /** Follows the dead letters of a topology run without a {@link StreamService}. */
    void follow(DeadLetterCounts counts) {
        deadLetters = counts;
    }

    /** Counts events a starting commit makes durable. */
    void trained(long events) {
        trained.add(events);
    }

    HealthCheck health() {
        return health;
    }

    /** The sampled families, read at scrape time. */
    List<MetricRegistry.Sampled> sample() {
        DeadLetterCounts counts = deadLetters;
        List<MetricRegistry.Sample> reasons = new ArrayList<>();
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            reasons.add(new MetricRegistry.Sample(List.of("model", "reason"), List.of(model, reason.code()),
                    counts.count(reason)));
        }
        List<String> outcome = List.of("model", "outcome");
        HealthCheck.Status live = health.live();
        HealthCheck.Status ready = health.ready();
        return List.of(
                new MetricRegistry.Sampled("streammtl_events_total", MetricRegistry.Kind.COUNTER,
                        "Input records: trained on (in a closed batch, counted when the commit that makes it durable starts, so a "
                                + "batch re-processed after an aborted transaction is not counted twice) or dead-lettered.", List.of(
                        new MetricRegistry.Sample(outcome, List.of(model, "trained"), trained.sum()),
                        new MetricRegistry.Sample(outcome, List.of(model, "dead_lettered"), counts.total()))),
                new MetricRegistry.Sampled("streammtl_dead_letters_total", MetricRegistry.Kind.COUNTER,
                        "Input records sent to the dead-letter topic, by reason.", reasons),
                new MetricRegistry.Sampled("streammtl_outputs_refused_total", MetricRegistry.Kind.COUNTER,
                        "Output records the producer or broker refused as too large and that were dropped "
                                + "(only possible under at-least-once, with a topic limit below the service's).",
                        List.of(new MetricRegistry.Sample(List.of("model"), List.of(model), counts.refused()))),
                new MetricRegistry.Sampled("streammtl_service_live", MetricRegistry.Kind.GAUGE,
                        "1 while /health/live succeeds (streams not failed).",
                        List.of(new MetricRegistry.Sample(List.of("model"), List.of(model), live.ok() ? 1 : 0))),
                new MetricRegistry.Sampled("streammtl_service_ready", MetricRegistry.Kind.GAUGE,
                        "1 while /health/ready succeeds (Kafka Streams RUNNING).",
                        List.of(new MetricRegistry.Sample(List.of("model"), List.of(model), ready.ok() ? 1 : 0))));
    }
}
