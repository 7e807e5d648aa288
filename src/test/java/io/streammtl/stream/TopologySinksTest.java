package io.streammtl.stream;

import io.streammtl.config.ServiceConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The topology names one sink per output topic, so that {@code Topology.describe()} shows where outputs go. */
class TopologySinksTest {
    @Test
    void shouldDescribeOneNamedSinkPerOutputTopicBelowTheTrainer() {
        ServiceConfig config = ServiceTopologyTest.config(0, false);
        TopologyDescription description = ServiceTopology.build(config, Codecs.create(), new DeadLetterCounts(),
                StepListener.NONE, "test").describe();
        Map<String, String> sinks = new TreeMap<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Sink sink && node.predecessors().stream()
                        .anyMatch(p -> p.name().equals("trainer"))) {
                    sinks.put(sink.name(), sink.topic());
                }
            }
        }
        assertEquals(Map.of("predictions-sink", "predictions", "dead-letters-sink", "dead-letters",
                "drift-sink", config.kafka().driftTopic(), "snapshots-sink", "snapshots"), sinks);
    }
}
