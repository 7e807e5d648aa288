package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Vocabulary, out-of-vocabulary, hashed and missing buckets of categorical features, one-hot and embedded. */
class CategoricalEncodingTest {
    private static final ModelConfig CONFIG = ModelConfigLoader.parse("""
            features:
              - {name: n, missing: impute}
              - {name: place, type: categorical, vocabulary: [town, farm], missing: impute}
              - {name: street, type: categorical, hash_buckets: 8, encoding: embedding, embedding_dim: 2}
            tasks: [{name: y, kind: regression}]
            """).model();

    @Test
    void shouldMatchPublishedMurmur3Values() {
        assertEquals(0, Murmur3.hash32("", 0));
        assertEquals(0x248bfa47, Murmur3.hash32("hello", 0));
        assertEquals(0x2e4ff723, Murmur3.hash32("The quick brown fox jumps over the lazy dog", 0));
        assertEquals(0x514e28b7, Murmur3.hash32("", 1));
    }

    @Test
    void shouldHashUtf8BytesStablyIntoBuckets() {
        // Fixed expectations: a bucket must never move between versions or JVMs.
        assertEquals(Math.floorMod(0x248bfa47, 8), Murmur3.bucket("hello", 8));
        assertEquals(Murmur3.bucket("Zürich", 1000), Murmur3.bucket(new String("Zürich".toCharArray()), 1000));
        assertNotEquals(Murmur3.hash32("Zürich", 0), Murmur3.hash32("Zurich", 0));
    }

    @Test
    void shouldOneHotVocabularyValuesAndSendUnknownOnesToTheOutOfVocabularyBucket() {
        FeatureLayout layout = new FeatureLayout(CONFIG);
        assertEquals(2 + 4 + 1, layout.width());
        float[] row = new float[layout.width()];
        layout.putCategory(row, 1, "farm");
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0}, row);
        row = new float[layout.width()];
        layout.putCategory(row, 1, "city");
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 0}, row, "out of vocabulary");
        row = new float[layout.width()];
        layout.putMissing(row, 1);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 0}, row, "missing has its own bucket");
    }

    @Test
    void shouldStoreTheHashBucketOfAnEmbeddedFeatureAsAnIndex() {
        FeatureLayout layout = new FeatureLayout(CONFIG);
        float[] row = new float[layout.width()];
        layout.putCategory(row, 2, "hello");
        assertEquals(Math.floorMod(0x248bfa47, 8), (int) row[6]);
    }

    @Test
    void shouldMarkAMissingNumericWithItsIndicator() {
        FeatureLayout layout = new FeatureLayout(CONFIG);
        float[] row = new float[layout.width()];
        row[0] = 5;
        layout.putMissing(row, 0);
        assertEquals(0f, row[0]);
        assertEquals(1f, row[1]);
        assertEquals(true, layout.isMissing(row, 0, 0));
    }

    @Test
    void shouldRefuseToMarkMissingAFeatureThatDoesNotImpute() {
        FeatureLayout layout = new FeatureLayout(CONFIG);
        assertThrows(IllegalStateException.class, () -> layout.putMissing(new float[layout.width()], 2));
    }
}
