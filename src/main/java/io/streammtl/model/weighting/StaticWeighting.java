package io.streammtl.model.weighting;

import java.nio.ByteBuffer;

/** Fixed weights λ_t from the config ({@code tasks[i].weight}). */
final class StaticWeighting implements TaskWeighting {
    private final double[] base;

    StaticWeighting(double[] base) {
        this.base = base.clone();
    }

    @Override
    public void weights(double[] losses, boolean[] active, double[] out) {
        System.arraycopy(base, 0, out, 0, base.length);
    }

    @Override
    public void update(double[] losses, boolean[] active, double[] used, double[] norms) {
    }

    @Override
    public int tasks() {
        return base.length;
    }

    @Override
    public int stateBytes() {
        return 0;
    }

    @Override
    public void write(ByteBuffer out) {
    }

    @Override
    public void read(ByteBuffer in) {
    }
}
