package io.streammtl.learn;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.FeatureType;
import io.streammtl.config.ModelConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each feature lands in the model's input vector: one slot per numeric feature, and for a categorical
 * feature one slot per vocabulary value plus a last, out-of-vocabulary slot.
 */
public final class FeatureLayout {
    private final List<FeatureConfig> features;
    private final int[] offsets;
    private final List<Map<String, Integer>> vocabularies = new ArrayList<>();
    private final int width;

    public FeatureLayout(ModelConfig config) {
        this.features = config.features();
        this.offsets = new int[features.size()];
        int slot = 0;
        for (int f = 0; f < features.size(); f++) {
            offsets[f] = slot;
            slot += features.get(f).width();
            Map<String, Integer> index = new HashMap<>();
            List<String> values = features.get(f).vocabulary();
            for (int i = 0; i < values.size(); i++) {
                index.put(values.get(i), i);
            }
            vocabularies.add(index);
        }
        this.width = slot;
    }

    public int width() {
        return width;
    }

    public List<FeatureConfig> features() {
        return features;
    }

    public boolean isNumeric(int f) {
        return features.get(f).type() == FeatureType.NUMERIC;
    }

    /** Writes a numeric feature's value into its slot. */
    public void putNumeric(float[] inputs, int f, double value) {
        inputs[offsets[f]] = (float) value;
    }

    /** Sets the one-hot slot of a categorical value (the out-of-vocabulary slot for an unknown one). */
    public void putCategory(float[] inputs, int f, String value) {
        Integer index = vocabularies.get(f).get(value);
        inputs[offsets[f] + (index == null ? features.get(f).vocabulary().size() : index)] = 1f;
    }
}
