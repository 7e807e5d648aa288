package io.streammtl.stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ends the transactions that a killed instance of the service left on the broker, before a new instance starts.
 * Kafka Streams makes a new transactional id on every start when the topology has no persistent store (ours keeps
 * its model in memory and restores it from the changelog), so the new producer cannot fence the old one: its open
 * transaction would hold the input's and the group offsets' last stable offset until it timed out. Those are fenced
 * at once ({@code Admin.fenceProducers}, KIP-618); then {@link HangingOffsetCommits} ends any transaction left open
 * on the group's offsets partition. Only for the embedded broker: the data directory lock guarantees that no other
 * instance of the application is alive, which is what makes fencing every one of its transactional ids safe.
 */
public final class DeadInstanceTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(DeadInstanceTransactions.class);

    private DeadInstanceTransactions() {
    }

    /**
     * Fences {@code applicationId}'s open transactions and ends hanging ones on its offsets partition, waiting up to
     * {@code timeout}; a failure is logged, not thrown, since the service can still start (it then waits for the
     * transactions to time out, or for ever for a hanging one, and its readiness probe says so).
     */
    public static void end(String bootstrapServers, String applicationId, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            List<String> open = admin.listTransactions().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .stream()
                    .filter(t -> t.state() == TransactionState.ONGOING)
                    .map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(applicationId + "-"))
                    .toList();
            if (!open.isEmpty()) {
                long start = System.nanoTime();
                admin.fenceProducers(open).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("fenced the open transactions {} of the previous instance in {} ms", open,
                        (System.nanoTime() - start) / 1_000_000);
            }
            HangingOffsetCommits.resolve(admin, applicationId, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("cannot end the transactions of the previous instance; starting anyway: {}", e.toString());
        }
    }
}
