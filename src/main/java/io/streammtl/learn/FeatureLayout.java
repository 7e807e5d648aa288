package io.streammtl.learn;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.FeatureType;
import io.streammtl.config.ModelConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each feature lands in the model's raw input vector: a numeric feature's value (then its 0/1 missing
 * indicator when missing values are imputed); a categorical feature's buckets one-hot (vocabulary values, then the
 * out-of-vocabulary bucket, or the hash buckets; then the missing bucket when imputed), or, for an embedded
 * feature, one slot holding the bucket index.
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

    /** First raw slot of feature {@code f}. */
    public int offset(int f) {
        return offsets[f];
    }

    /** Writes a numeric feature's value into its slot. */
    public void putNumeric(float[] inputs, int f, double value) {
        inputs[offsets[f]] = (float) value;
    }

    /** The bucket of a categorical value: its vocabulary index, the out-of-vocabulary bucket, or its hash bucket. */
    public int bucketOf(int f, String value) {
        FeatureConfig feature = features.get(f);
        if (feature.hashed()) {
            return Murmur3.bucket(value, feature.hashBuckets());
        }
        Integer index = vocabularies.get(f).get(value);
        return index == null ? feature.vocabulary().size() : index;
    }

    /** Sets a categorical value's bucket (one-hot, or the index of an embedded feature). */
    public void putCategory(float[] inputs, int f, String value) {
        putBucket(inputs, f, bucketOf(f, value));
    }

    private void putBucket(float[] inputs, int f, int bucket) {
        if (features.get(f).embedded()) {
            inputs[offsets[f]] = bucket;
        } else {
            inputs[offsets[f] + bucket] = 1f;
        }
    }

    /** Whether a missing value of feature {@code f} is imputed (else it is an error). */
    public boolean imputes(int f) {
        return features.get(f).missing().impute();
    }

    /**
     * Marks feature {@code f} missing: a numeric value 0 (the learner imputes it) with indicator 1, a categorical
     * feature's missing bucket; only for features that impute.
     */
    public void putMissing(float[] inputs, int f) {
        FeatureConfig feature = features.get(f);
        if (!feature.missing().impute()) {
            throw new IllegalStateException("feature " + feature.name() + " does not impute missing values");
        }
        if (feature.type() == FeatureType.NUMERIC) {
            inputs[offsets[f]] = 0f;
            inputs[offsets[f] + 1] = 1f;
        } else {
            putBucket(inputs, f, feature.buckets() - 1);
        }
    }

    /** Whether numeric feature {@code f} is marked missing in a raw row (its indicator is set). */
    public boolean isMissing(float[] row, int rowOffset, int f) {
        return features.get(f).missing().impute() && isNumeric(f) && row[rowOffset + offsets[f] + 1] != 0f;
    }
}
