package io.streammtl.metrics;

/** Liveness and readiness of the service, as the HTTP endpoint reports them. */
public interface HealthCheck {
    /** One probe's answer: healthy or not, and a one-line reason. */
    record Status(boolean ok, String detail) {
    }

    /** Fails only when the service cannot recover by itself (its streams failed): restart it. */
    Status live();

    /** Succeeds only when the service is processing (Kafka Streams RUNNING). */
    Status ready();
}
