package io.streammtl.bench;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScaleOutBenchTest {
    @Test
    void shouldPickModelKeysThatTheLearningStagePutsOnDistinctPartitions() {
        for (int partitions : new int[] {2, 6, 12}) {
            for (int count = 1; count <= partitions; count++) {
                List<String> keys = ScaleOutBench.modelKeys(count, partitions);
                Set<Integer> used = keys.stream().map(k -> Utils.toPositive(Utils.murmur2(
                        k.getBytes(StandardCharsets.UTF_8))) % partitions).collect(Collectors.toSet());
                assertEquals(count, keys.size());
                assertEquals(count, used.size(), keys + " over " + partitions);
            }
        }
    }

    @Test
    void shouldShareLearningPartitionsOnlyWhenThereAreMoreModelsThanPartitions() {
        List<String> keys = ScaleOutBench.modelKeys(5, 2);
        assertEquals(5, keys.size());
        assertEquals(5, Set.copyOf(keys).size(), "distinct keys: " + keys);
    }
}
