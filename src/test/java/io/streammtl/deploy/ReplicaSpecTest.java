package io.streammtl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ModelSpecHash;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.streammtl.deploy.DeployFiles.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * deploy/config/wine-replicas.yaml, which the replicated deployments serve, is deploy/config/wine.yaml with more
 * partitions and split stages (so that every replica predicts) and nothing else, so the two cannot drift apart.
 */
class ReplicaSpecTest {
    private static final Path WINE = ROOT.resolve("deploy/config/wine.yaml");
    private static final Path REPLICAS = ROOT.resolve("deploy/config/wine-replicas.yaml");

    @Test
    void shouldEqualTheWineSpecApartFromThePartitionsAndStages() throws Exception {
        ObjectNode replicas = (ObjectNode) DeployFiles.yaml(REPLICAS);
        JsonNode kafka = replicas.remove("kafka");
        assertEquals(2, kafka.size(), "the kafka section sets only partitions and stages: " + kafka);
        assertEquals(3, kafka.path("partitions").asInt());
        assertEquals("split", kafka.path("stages").asText());
        assertEquals(DeployFiles.yaml(WINE), replicas);
    }

    @Test
    void shouldServeTheSameModelAsTheWineSpec() throws Exception {
        var wine = ModelConfigLoader.load(WINE);
        var replicas = ModelConfigLoader.load(REPLICAS);
        assertEquals(ModelSpecHash.of(wine.model()), ModelSpecHash.of(replicas.model()),
                "snapshots of one are served by the other");
        assertEquals(wine.kafka().applicationId(), replicas.kafka().applicationId());
        assertEquals(wine.kafka().snapshotsTopic(), replicas.kafka().snapshotsTopic());
        assertEquals(3, replicas.kafka().partitions());
        assertEquals(1, wine.kafka().partitions());
    }
}
