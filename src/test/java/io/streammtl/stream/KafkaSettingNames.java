package io.streammtl.stream;

import java.util.Map;

/** For tests outside this package: whether a {@code KAFKA_*} variable names a setting the service applies. */
public final class KafkaSettingNames {
    private KafkaSettingNames() {
    }

    /** True when {@link StreamsSettings} turns the variable into a Kafka Streams or client setting. */
    public static boolean isApplied(String environmentVariable) {
        return !StreamsSettings.fromEnvironment(Map.of(environmentVariable, "x")).isEmpty();
    }
}
