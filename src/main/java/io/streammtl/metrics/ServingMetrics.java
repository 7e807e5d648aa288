package io.streammtl.metrics;

import io.streammtl.stream.ServingListener;

/**
 * The metrics of this instance's copy of the model broadcast, of {@code POST /predict} and of the prediction stage:
 * the version held, the snapshot bytes received, requests by status, and the version and age of the model that
 * answered.
 */
public final class ServingMetrics implements ServingListener {
    /** Model ages: a second to a day. */
    static final double[] AGE_BUCKETS = {1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600};

    private final MetricRegistry.Counter broadcastBytes;
    private final MetricRegistry.Gauge version;
    private final MetricRegistry.Family<MetricRegistry.Counter> requests;
    private final MetricRegistry.Histogram age;
    private final MetricRegistry.Gauge stageVersion;
    private final MetricRegistry.Histogram stageAge;
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
        stageVersion = registry.gauge("streammtl_prediction_model_version",
                "Version of the broadcast model that made this instance's latest prediction-stage prediction"
                        + " (kafka.stages: split; 0 is the seeded model).", "model").labels(model);
        stageAge = registry.histogram("streammtl_prediction_model_age_seconds",
                "Age of the broadcast model at each prediction-stage prediction (time since its snapshot was taken;"
                        + " the seeded version-0 model is not counted).", AGE_BUCKETS, "model").labels(model);
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
    public void onStagePrediction(String key, long v, long ageMillis) {
        stageVersion.set(v);
        if (ageMillis >= 0) {
            stageAge.observe(ageMillis / 1e3);
        }
    }

    @Override
    public void onRequest(int status, long ageMillis) {
        requests.labels(model, Integer.toString(status)).inc();
        if (ageMillis >= 0) {
            age.observe(ageMillis / 1e3);
        }
    }
}
