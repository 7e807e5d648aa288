package io.streammtl.stream;

import io.streammtl.config.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The largest record the service may write, found at start-up: the smallest of {@code kafka.max_record_bytes}, the
 * producer's {@code max.request.size} and every output topic's {@code max.message.bytes}. Under exactly-once a record
 * the producer or broker refuses aborts the transaction and the same input would fail again on every retry, so the
 * service must never hand one over: it checks its outputs against this limit before it writes them.
 */
public record WriteLimit(int bytes, String source) {
    /** Room kept below a topic's or request's limit for the record batch's own header and framing. */
    static final int BATCH_OVERHEAD = 1024;

    public WriteLimit {
        if (bytes < KafkaConfig.MIN_RECORD_BYTES) {
            throw new IllegalStateException("the service can write records of only " + bytes + " bytes (" + source
                    + "); it needs at least " + KafkaConfig.MIN_RECORD_BYTES + " for the 512 KiB chunks of model state: "
                    + "raise that limit");
        }
    }

    /** The limit from the spec and the producer's settings, lowered to what the output topics accept. */
    static WriteLimit of(KafkaConfig kafka, Properties settings, Map<String, Integer> topicLimits) {
        int bytes = kafka.maxRecordBytes();
        String source = "kafka.max_record_bytes";
        String request = settings.getProperty(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                settings.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        int requestBytes = request == null ? (Integer) ProducerConfig.configDef().defaultValues()
                .get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG) : Integer.parseInt(request.trim());
        if (requestBytes - BATCH_OVERHEAD < bytes) {
            bytes = requestBytes - BATCH_OVERHEAD;
            source = "the producer's max.request.size " + requestBytes;
        }
        for (Map.Entry<String, Integer> topic : topicLimits.entrySet()) {
            if (topic.getValue() - BATCH_OVERHEAD < bytes) {
                bytes = topic.getValue() - BATCH_OVERHEAD;
                source = "max.message.bytes " + topic.getValue() + " of topic " + topic.getKey();
            }
        }
        return new WriteLimit(bytes, source);
    }

    /** The {@code max.message.bytes} of each output topic, as the broker reports it (its default where unset). */
    static Map<String, Integer> topicLimits(KafkaConfig kafka, String bootstrapServers) {
        List<ConfigResource> resources = new ArrayList<>();
        for (String topic : List.of(kafka.predictionsTopic(), kafka.deadLetterTopic(), kafka.driftTopic(),
                kafka.snapshotsTopic())) {
            resources.add(new ConfigResource(ConfigResource.Type.TOPIC, topic));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            Map<String, Integer> limits = new LinkedHashMap<>();
            for (ConfigResource resource : resources) {
                ConfigEntry entry = configs.get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    limits.put(resource.name(), Integer.parseInt(entry.value()));
                }
            }
            return limits;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output topics' max.message.bytes on " + bootstrapServers
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading topic configs", e);
        }
    }
}
