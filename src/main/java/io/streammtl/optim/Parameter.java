package io.streammtl.optim;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;

/**
 * One parameter tensor as the optimiser sees it: its values and gradient and the optimiser's per-element state
 * (Adam's moments, SGD's velocity, or schedule-free AdamW's z and second moment), all buffers resident in the compute
 * backend's memory.
 */
public final class Parameter {
    private final String name;
    private final DeviceBuffer values;
    private final DeviceBuffer gradient;
    private final int size;
    private final DeviceBuffer first;
    private final DeviceBuffer second;

    /** A parameter over {@code values} and {@code gradient} (same size), with zeroed optimiser state. */
    public Parameter(String name, DeviceBuffer values, DeviceBuffer gradient, ComputeBackend compute) {
        if (values.size() != gradient.size()) {
            throw new IllegalArgumentException("parameter " + name + ": " + values.size() + " values, "
                    + gradient.size() + " gradients");
        }
        this.name = name;
        this.values = values;
        this.gradient = gradient;
        this.size = values.size();
        this.first = compute.allocateOptimizerState(size);
        this.second = compute.allocateOptimizerState(size);
    }

    public String name() {
        return name;
    }

    public DeviceBuffer values() {
        return values;
    }

    public DeviceBuffer gradient() {
        return gradient;
    }

    public int size() {
        return size;
    }

    /** First moment (Adam), velocity (SGD with momentum) or the base sequence z (schedule-free AdamW). */
    DeviceBuffer first() {
        return first;
    }

    /** Second moment (Adam and schedule-free AdamW). */
    DeviceBuffer second() {
        return second;
    }
}
