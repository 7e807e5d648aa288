package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;

/**
 * The trainer's named sinks, one per output topic, so that {@code Topology.describe()} shows where each kind of
 * output goes; the trainer forwards each record to its sink by name.
 */
enum OutputSink {
    PREDICTIONS("predictions-sink"),
    DEAD_LETTERS("dead-letters-sink"),
    DRIFT("drift-sink"),
    SNAPSHOTS("snapshots-sink");

    private final String sinkName;

    OutputSink(String sinkName) {
        this.sinkName = sinkName;
    }

    /** The sink's processor name in the topology. */
    String sinkName() {
        return sinkName;
    }

    /**
     * The prediction stage's own sink to the same topic ({@code kafka.stages: split}): a sink shared with the trainer
     * would join both stages into one subtopology, so that every task would read an input partition and a learning
     * partition together, and wait on both.
     */
    String stageSinkName() {
        return "stage-" + sinkName;
    }

    /** The topic this sink writes, as configured. */
    String topic(KafkaConfig kafka) {
        return switch (this) {
            case PREDICTIONS -> kafka.predictionsTopic();
            case DEAD_LETTERS -> kafka.deadLetterTopic();
            case DRIFT -> kafka.driftTopic();
            case SNAPSHOTS -> kafka.snapshotsTopic();
        };
    }
}
