package io.streammtl.stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Finds transactions still open on a consumer group's {@code __consumer_offsets} partition although their
 * coordinator has ended them, and writes the marker the coordinator should have written: while such a transaction
 * stays open the group's committed offsets are "unstable" and an exactly-once consumer waits for them forever. This
 * is the check of {@code kafka-transactions.sh find-hanging} (KIP-664), except that a transaction the coordinator
 * committed is committed, not aborted, so no event is processed twice; only a transaction whose outcome the
 * coordinator no longer knows is aborted, as KIP-664 does.
 */
final class HangingOffsetCommits {
    static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final Logger LOG = LoggerFactory.getLogger(HangingOffsetCommits.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** How an open transaction ends, by what its coordinator says of it. */
    enum Verdict {
        /** The coordinator has not settled it yet (open, or being ended): wait for its outcome. */
        IN_FLIGHT,
        /** The coordinator committed it: write a commit marker. */
        COMMIT,
        /** The coordinator aborted it: write an abort marker. */
        ABORT,
        /** The coordinator has forgotten it or moved on: abort it, which repeats its events if it had committed. */
        UNKNOWN
    }

    /** One transaction this check ended. */
    record Resolution(TopicPartition partition, long producerId, short producerEpoch, String transactionalId,
                      Verdict verdict) {
    }

    private HangingOffsetCommits() {
    }

    /**
     * Ends the hanging transactions on {@code groupId}'s offsets partition, waiting up to {@code timeout} for those
     * still in flight; call it while no member of the group is running.
     */
    static List<Resolution> resolve(Admin admin, String groupId, Duration timeout)
            throws ExecutionException, InterruptedException, IOException {
        List<Resolution> done = new ArrayList<>();
        Optional<TopicDescription> topic = offsetsTopic(admin);
        if (topic.isEmpty()) {
            return done;
        }
        int partitionIndex = Utils.abs(groupId.hashCode()) % topic.get().partitions().size();
        TopicPartition partition = new TopicPartition(OFFSETS_TOPIC, partitionIndex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean waiting = false;
            for (ProducerState open : openTransactions(admin, partition)) {
                String id = transactionalId(admin, open.producerId());
                Optional<TransactionDescription> coordinator = id == null ? Optional.empty()
                        : Optional.of(admin.describeTransactions(List.of(id)).description(id).get());
                Verdict verdict = verdict(open, coordinator);
                if (verdict == Verdict.IN_FLIGHT) {
                    waiting = true;
                    continue;
                }
                end(admin, partition, open, verdict);
                done.add(new Resolution(partition, open.producerId(), (short) open.producerEpoch(), id, verdict));
            }
            if (!waiting) {
                return done;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("a transaction on {} is still open after {} s and its coordinator has not ended it; "
                        + "starting anyway", partition, timeout.toSeconds());
                return done;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** What to do with {@code open}, given its coordinator's view (empty when it has none for the producer). */
    static Verdict verdict(ProducerState open, Optional<TransactionDescription> coordinator) {
        if (coordinator.isEmpty() || coordinator.get().producerId() != open.producerId()) {
            return Verdict.UNKNOWN;
        }
        TransactionDescription view = coordinator.get();
        // Transactions version 2 bumps the epoch when a transaction ends; version 1 keeps it.
        int behind = view.producerEpoch() - open.producerEpoch();
        if (behind != 0 && behind != 1) {
            return Verdict.UNKNOWN;
        }
        return switch (view.state()) {
            // Even one that does not list this partition: only an outcome the coordinator has settled is copied.
            case ONGOING, PREPARE_COMMIT, PREPARE_ABORT, PREPARE_EPOCH_FENCE -> Verdict.IN_FLIGHT;
            case COMPLETE_COMMIT -> Verdict.COMMIT;
            case COMPLETE_ABORT -> Verdict.ABORT;
            default -> Verdict.UNKNOWN;
        };
    }

    private static void end(Admin admin, TopicPartition partition, ProducerState open, Verdict verdict)
            throws ExecutionException, InterruptedException, IOException {
        boolean commit = verdict == Verdict.COMMIT;
        Node leader = admin.describeTopics(List.of(partition.topic())).allTopicNames().get()
                .get(partition.topic()).partitions().get(partition.partition()).leader();
        Errors result = TransactionMarkerWriter.write(leader, partition, open.producerId(),
                (short) open.producerEpoch(), open.coordinatorEpoch().orElse(0), commit, Duration.ofSeconds(10));
        if (result != Errors.NONE) {
            throw new IOException("cannot end the hanging transaction of producer " + open.producerId() + " on "
                    + partition + ": " + result);
        }
        LOG.warn("{} the hanging transaction of producer {} (epoch {}) on {} that held the consumer group's "
                        + "offsets since offset {}: {}", commit ? "committed" : "aborted", open.producerId(),
                open.producerEpoch(), partition, open.currentTransactionStartOffset().orElse(-1),
                switch (verdict) {
                    case COMMIT -> "its coordinator had committed it but the marker never reached this partition";
                    case ABORT -> "its coordinator had aborted it but the marker never reached this partition";
                    default -> "its coordinator no longer knows its outcome; if it had committed, the events of "
                            + "that one transaction are processed again";
                });
    }

    private static List<ProducerState> openTransactions(Admin admin, TopicPartition partition)
            throws ExecutionException, InterruptedException {
        return admin.describeProducers(List.of(partition)).partitionResult(partition).get().activeProducers()
                .stream().filter(p -> p.currentTransactionStartOffset().isPresent()).toList();
    }

    /** The transactional id the coordinator has for {@code producerId}, or null when it has none. */
    private static String transactionalId(Admin admin, long producerId)
            throws ExecutionException, InterruptedException {
        return admin.listTransactions(new ListTransactionsOptions().filterProducerIds(Set.of(producerId)))
                .all().get().stream().map(TransactionListing::transactionalId).findFirst().orElse(null);
    }

    private static Optional<TopicDescription> offsetsTopic(Admin admin)
            throws ExecutionException, InterruptedException {
        try {
            return Optional.of(admin.describeTopics(List.of(OFFSETS_TOPIC)).allTopicNames().get().get(OFFSETS_TOPIC));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
