package io.streammtl.metrics;

import io.streammtl.stream.ServingListener;

/**
 * The metrics of this instance's copy of the model broadcast and of {@code POST /predict}: the version held, the
 * snapshot bytes received, requests by status, and the age of the model that answered.
 */
public final class ServingMetrics implements ServingListener {
    /** Model ages: a second to a day. */
    static final double[] AGE_BUCKETS = {1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600};

    private final MetricRegistry.Counter broadcastBytes;
    private final MetricRegistry.Gauge version;
    private final MetricRegistry.Family<MetricRegistry.Counter> requests;
    private final MetricRegistry.Histogram age;
    private final String model;

    ServingMetrics(String model, MetricRegistry registry) {
        this.model = model;
        broadcastBytes = registry.counter("streammtl_broadcast_bytes_total",
                "Bytes of model snapshots this instance received on the model broadcast (the snapshots topic).",
                "model").labels(model);
        version = registry.gauge("streammtl_broadcast_model_version",
                "Version of the latest model this instance holds for /predict (the key updated last).", "model")
                .labels(model);
        requests = registry.counter("streammtl_rest_predictions_total", "POST /predict requests by HTTP status.",
                "model", "status");
        for (String status : new String[] {"200", "400", "404"}) {
            requests.labels(model, status);
        }
        age = registry.histogram("streammtl_rest_model_age_seconds",
                "Age of the model that answered a /predict request (time since its snapshot was taken).",
                AGE_BUCKETS, "model").labels(model);
    }

    @Override
    public void onBroadcastBytes(long bytes) {
        broadcastBytes.inc(bytes);
    }

    @Override
    public void onModel(String key, long v, long createdAt) {
        version.set(v);
    }

    @Override
    public void onRequest(int status, long ageMillis) {
        requests.labels(model, Integer.toString(status)).inc();
        if (ageMillis >= 0) {
            age.observe(ageMillis / 1e3);
        }
    }
}
