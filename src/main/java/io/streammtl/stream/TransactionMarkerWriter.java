package io.streammtl.stream;

import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Writes one transaction marker (commit or abort) to one partition with the broker's {@code WriteTxnMarkers} API,
 * the request a transaction coordinator sends. The Admin client can only abort ({@code abortTransaction}), and a
 * transaction its coordinator committed must end with a commit marker to stay exactly-once.
 */
final class TransactionMarkerWriter {
    private TransactionMarkerWriter() {
    }

    /**
     * Writes the marker for {@code producerId}'s open transaction on {@code partition}, led by {@code leader}.
     * {@code producerEpoch} is the epoch of the open transaction, {@code coordinatorEpoch} at least the last one the
     * partition saw for that producer.
     *
     * @return the broker's answer for the partition, {@link Errors#NONE} when the marker is written
     */
    static Errors write(Node leader, TopicPartition partition, long producerId, short producerEpoch,
                        int coordinatorEpoch, boolean commit, Duration timeout) throws IOException {
        WritableTxnMarker marker = new WritableTxnMarker()
                .setProducerId(producerId)
                .setProducerEpoch(producerEpoch)
                .setCoordinatorEpoch(coordinatorEpoch)
                .setTransactionResult(commit)
                // Version 1 rules: the marker carries the open transaction's own epoch, not a bumped one.
                .setTransactionVersion((byte) 1)
                .setTopics(List.of(new WritableTxnMarkerTopic().setName(partition.topic())
                        .setPartitionIndexes(List.of(partition.partition()))));
        WriteTxnMarkersResponse response = (WriteTxnMarkersResponse) BrokerRequest.send(leader,
                new WriteTxnMarkersRequest.Builder(new WriteTxnMarkersRequestData().setMarkers(List.of(marker))),
                timeout);
        return response.errorsByProducerId().getOrDefault(producerId, Map.of())
                .getOrDefault(partition, Errors.UNKNOWN_SERVER_ERROR);
    }
}
