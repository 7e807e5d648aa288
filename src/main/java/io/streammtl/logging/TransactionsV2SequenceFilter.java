package io.streammtl.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.Marker;

/**
 * A Logback turbo filter that drops the embedded broker's ERROR, with stack trace, for one known-benign rejection:
 * a transactions-v2 producer's batch that arrives before the partition has any state for the producer.
 *
 * <p>At the start of a transaction a producer sends several batches at once; when the first (sequence 0) is answered
 * CONCURRENT_TRANSACTIONS while the previous transaction completes, the broker rejects the later ones with a
 * retriable {@link OutOfOrderSequenceException} and logs each at ERROR on {@code kafka.server.ReplicaManager}
 * (KAFKA-18202). The producer retries them in order and they are written; its client logs the retry at WARN. Every
 * other error of that logger, and every other out-of-order sequence, is still shown.
 */
public final class TransactionsV2SequenceFilter extends TurboFilter {
    static final String LOGGER = "kafka.server.ReplicaManager";
    /** The end of the broker's message for exactly this case (ProducerAppendInfo.checkSequence, Kafka 4.3). */
    static final String NO_STATE_YET = "Expected sequence 0 for transactions v2 idempotent producer with no existing state.";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        return t instanceof OutOfOrderSequenceException && level == Level.ERROR && LOGGER.equals(logger.getName())
                && t.getMessage() != null && t.getMessage().endsWith(NO_STATE_YET) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
