package io.streammtl.config;

import java.util.List;

/**
 * Where labels that come after their events are read (a list of topics or a pattern) and how the join waits for
 * them: the topic the joined examples travel on to the model's writer ({@code joined_topic}), the partitions of the
 * join keyed by event id (0: {@code kafka.partitions}), how long a label may wait for its event ({@code orphan_wait}),
 * how long an expired event is remembered so that its label is called late rather than orphan
 * ({@code late_window}), and after how long without a label the join's clock follows the wall clock
 * ({@code idle_advance}).
 */
public record LabelsConfig(List<String> topics, String pattern, String joinedTopic, int partitions,
                           long orphanWaitMillis, long lateWindowMillis, long idleAdvanceMillis) {
    public static final long DEFAULT_ORPHAN_WAIT_MILLIS = 60_000;
    public static final long DEFAULT_LATE_WINDOW_MILLIS = 3_600_000;
    public static final long DEFAULT_IDLE_ADVANCE_MILLIS = 1_000;

    public LabelsConfig {
        topics = List.copyOf(topics);
        if (pattern == null && topics.isEmpty()) {
            throw new ConfigException("labels.topics", "empty; expected at least one topic (or labels.pattern)");
        }
        if (pattern != null && !topics.isEmpty()) {
            throw new ConfigException("labels.pattern", "given with labels.topics; expected one of them");
        }
        for (int i = 0; i < topics.size(); i++) {
            Checks.kafkaName("labels.topics[" + i + "]", topics.get(i));
        }
        Checks.kafkaName("labels.joined_topic", joinedTopic);
        Checks.range("labels.partitions", partitions, 0, 10_000);
        positive("labels.orphan_wait", orphanWaitMillis);
        positive("labels.late_window", lateWindowMillis);
        positive("labels.idle_advance", idleAdvanceMillis);
    }

    /** Labels on {@code topic}, joined through {@code <applicationId>-joined}, with the default waits. */
    public static LabelsConfig onTopic(String topic, String applicationId) {
        return new LabelsConfig(List.of(topic), null, joinedTopicFor(applicationId), 0, DEFAULT_ORPHAN_WAIT_MILLIS,
                DEFAULT_LATE_WINDOW_MILLIS, DEFAULT_IDLE_ADVANCE_MILLIS);
    }

    /** The default joined topic of an application: one per application id, as Kafka Streams names its own. */
    public static String joinedTopicFor(String applicationId) {
        return applicationId + "-joined";
    }

    /** A copy for a separate run (benchmarks, the demo) reading {@code topic} and joining through its own topic. */
    public LabelsConfig forRun(String topic, String applicationId) {
        return new LabelsConfig(List.of(topic), null, joinedTopicFor(applicationId), partitions, orphanWaitMillis,
                lateWindowMillis, idleAdvanceMillis);
    }


    private static void positive(String path, long millis) {
        if (millis < 1) {
            throw new ConfigException(path, Durations.format(millis) + " is not positive; expected e.g. 30s");
        }
    }
}
