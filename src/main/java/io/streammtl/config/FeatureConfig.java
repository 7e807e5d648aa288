package io.streammtl.config;

import java.util.List;

/**
 * One input feature: its name in events, the CSV column it is read from, its type and, for a categorical
 * feature, its buckets (a vocabulary plus one out-of-vocabulary bucket, or {@code hashBuckets} hashed ones) and
 * their encoding (one-hot or a learned embedding of {@code embeddingDim} values); what a missing value means; and,
 * for a numeric feature, the range its values must lie in (null: any finite value).
 */
public record FeatureConfig(String name, String column, FeatureType type, List<String> vocabulary, int hashBuckets,
                            CategoricalEncoding encoding, int embeddingDim, MissingPolicy missing, ValueRange range) {
    /** Paths in errors are relative to the feature ({@code hash_buckets}); its reader adds {@code features[i]}. */
    public FeatureConfig {
        vocabulary = List.copyOf(vocabulary);
        Checks.name("name", name);
        Checks.range("hash_buckets", hashBuckets, 0, InputsLoader.MAX_BUCKETS);
        Checks.range("embedding_dim", embeddingDim, 0, InputsLoader.MAX_EMBEDDING);
        Checks.distinct("vocabulary", vocabulary);
        if (type == FeatureType.CATEGORICAL) {
            if (hashBuckets > 0 && !vocabulary.isEmpty()) {
                throw new ConfigException("hash_buckets", "give either a vocabulary or hash_buckets, not both");
            }
            if (hashBuckets == 0 && vocabulary.isEmpty()) {
                throw new ConfigException("vocabulary",
                        "missing; a categorical feature needs a non-empty list of its values (or hash_buckets)");
            }
            if (encoding == CategoricalEncoding.EMBEDDING && embeddingDim < 1) {
                throw new ConfigException("embedding_dim", embeddingDim + " is out of range; expected 1 to "
                        + InputsLoader.MAX_EMBEDDING);
            }
        } else if (hashBuckets > 0 || !vocabulary.isEmpty() || embeddingDim > 0) {
            throw new ConfigException("type", "a numeric feature has no vocabulary, hash_buckets or embedding_dim");
        }
    }

    /** A feature without a value range. */
    public FeatureConfig(String name, String column, FeatureType type, List<String> vocabulary, int hashBuckets,
                         CategoricalEncoding encoding, int embeddingDim, MissingPolicy missing) {
        this(name, column, type, vocabulary, hashBuckets, encoding, embeddingDim, missing, null);
    }

    /** A feature with no missing values; a categorical one is one-hot over its vocabulary plus an OOV slot. */
    public FeatureConfig(String name, String column, FeatureType type, List<String> vocabulary) {
        this(name, column, type, vocabulary, 0, CategoricalEncoding.ONE_HOT, 0, MissingPolicy.error());
    }

    /** Whether a categorical feature is bucketed by hashing rather than by a vocabulary. */
    public boolean hashed() {
        return hashBuckets > 0;
    }

    /**
     * Buckets of a categorical feature: the vocabulary and one out-of-vocabulary bucket (or the hash buckets),
     * then one missing bucket when missing values are imputed.
     */
    public int buckets() {
        int known = hashed() ? hashBuckets : vocabulary.size() + 1;
        return known + (missing.impute() ? 1 : 0);
    }

    public boolean embedded() {
        return type == FeatureType.CATEGORICAL && encoding == CategoricalEncoding.EMBEDDING;
    }

    /**
     * Number of raw model inputs this feature occupies (what an encoded example holds): a numeric value (and its
     * missing indicator), the one-hot buckets, or one bucket index for an embedded feature.
     */
    public int width() {
        if (type == FeatureType.NUMERIC) {
            return missing.impute() ? 2 : 1;
        }
        return embedded() ? 1 : buckets();
    }

    /** Number of network inputs after the embedding lookup: as {@link #width()}, or the embedding dimension. */
    public int encodedWidth() {
        return embedded() ? embeddingDim : width();
    }
}
