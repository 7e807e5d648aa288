package io.streammtl.bench;

import io.streammtl.stream.ServingListener;
import io.streammtl.stream.StepListener;
import io.streammtl.stream.StepReport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one instance of {@code bench scale-out} did: events its prediction stage predicted, examples its learner
 * learned and when, snapshot bytes its model broadcast received, and for each prediction the model's age and how many
 * steps it was behind the newest step of its model on any instance.
 */
final class InstanceProbe implements StepListener, ServingListener {
    private final Map<String, AtomicLong> newestVersions;
    private final AtomicLong predicted = new AtomicLong();
    private final AtomicLong seeded = new AtomicLong();
    private final AtomicLong learned = new AtomicLong();
    private final AtomicLong broadcastBytes = new AtomicLong();
    private final AtomicLong firstStepNanos = new AtomicLong();
    private final AtomicLong lastStepNanos = new AtomicLong();
    /** Guarded by {@code this}: the instance's stream thread adds, the bench reads once the run is over. */
    private final Samples agesMillis = new Samples();
    private final Samples stepsBehind = new Samples();

    /** A probe that reads and advances {@code newestVersions}, the newest step of each model, shared by all probes. */
    InstanceProbe(Map<String, AtomicLong> newestVersions) {
        this.newestVersions = newestVersions;
    }

    /** A fresh shared map of each model's newest step. */
    static Map<String, AtomicLong> newestVersions() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public void onStep(String model, StepReport report) {
        if (report.events() == 0) {
            return;
        }
        long now = System.nanoTime();
        firstStepNanos.compareAndSet(0, now);
        lastStepNanos.set(now);
        learned.addAndGet(report.events());
        newestVersions.computeIfAbsent(model, m -> new AtomicLong()).accumulateAndGet(report.version(), Math::max);
    }

    @Override
    public void onStagePrediction(String key, long version, long ageMillis) {
        predicted.incrementAndGet();
        if (ageMillis < 0) {
            seeded.incrementAndGet();
            return;
        }
        AtomicLong newest = newestVersions.get(key);
        long behind = newest == null ? 0 : Math.max(0, newest.get() - version);
        synchronized (this) {
            agesMillis.add(ageMillis);
            stepsBehind.add(behind);
        }
    }

    @Override
    public void onBroadcastBytes(long bytes) {
        broadcastBytes.addAndGet(bytes);
    }

    long predicted() {
        return predicted.get();
    }

    /** Predictions made by the seeded version-0 model, before any snapshot reached this instance. */
    long seeded() {
        return seeded.get();
    }

    long learned() {
        return learned.get();
    }

    long broadcastBytes() {
        return broadcastBytes.get();
    }

    long firstStepNanos() {
        return firstStepNanos.get();
    }

    long lastStepNanos() {
        return lastStepNanos.get();
    }

    synchronized double[] agesMillis() {
        return agesMillis.toArray();
    }

    synchronized double[] stepsBehind() {
        return stepsBehind.toArray();
    }
}
