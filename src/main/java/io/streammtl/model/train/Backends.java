package io.streammtl.model.train;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.config.ModelConfig;
import io.streammtl.model.ModelBackend;

import java.util.Locale;

/**
 * Chooses the compute backend, the one place that knows which exist: {@code auto} takes the best device present,
 * which today is always the CPU; {@code cpu} asks for it by name.
 */
public final class Backends {
    private Backends() {
    }

    /** The model of {@code config} on the automatically chosen device, with room for a micro-batch. */
    public static ModelBackend select(ModelConfig config) {
        return select(config, config.training().batchSize());
    }

    /** As {@link #select(ModelConfig)}, with buffers for {@code capacity} rows. */
    public static ModelBackend select(ModelConfig config, int capacity) {
        return select("auto", config, capacity);
    }

    /** The model on the device {@code device} names ({@code auto} or {@code cpu}). */
    public static ModelBackend select(String device, ModelConfig config, int capacity) {
        return new MultiTaskTrainer(config, compute(device), capacity);
    }

    /** The compute backend {@code device} names ({@code auto} or {@code cpu}). */
    public static ComputeBackend compute(String device) {
        return switch (device.toLowerCase(Locale.ROOT)) {
            case "auto", "cpu" -> new CpuCompute();
            default -> throw new IllegalArgumentException("device '" + device + "': expected auto or cpu");
        };
    }

    /** What {@code auto} selects, in words, for the start-up line. */
    public static String description() {
        return compute("auto").description();
    }
}
