package io.streammtl.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The KAFKA-18202 filter drops exactly the broker's benign rejection and nothing else. */
class TransactionsV2SequenceFilterTest {
    // The broker's message, as logged on a healthy start (Kafka 4.3.1).
    private static final String BENIGN = "Invalid sequence number for producer 0 at offset 2 in partition "
            + "demo-predictions-0: 1 (incoming seq. number). Expected sequence 0 for transactions v2 idempotent "
            + "producer with no existing state.";
    private static final String APPEND_FAILED = "[ReplicaManager broker=1] Error processing append operation on "
            + "partition VfgPymytShmOTXKnnpeEqA:demo-predictions-0";

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void setUp() {
        TransactionsV2SequenceFilter filter = new TransactionsV2SequenceFilter();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }

    @Test
    void shouldDropTheBrokersErrorForAFirstBatchOutOfOrderUnderTransactionsV2() {
        context.getLogger(TransactionsV2SequenceFilter.LOGGER).error(APPEND_FAILED, new OutOfOrderSequenceException(BENIGN));
        assertEquals(List.of(), appender.list);
    }

    @Test
    void shouldKeepEveryOtherOutOfOrderSequenceError() {
        context.getLogger(TransactionsV2SequenceFilter.LOGGER).error(APPEND_FAILED, new OutOfOrderSequenceException(
                "Out of order sequence number for producer 7 at offset 9 in partition p-0: 5 (incoming seq. number), "
                        + "3 (current end sequence number)"));
        assertEquals(1, appender.list.size());
    }

    @Test
    void shouldKeepTheSameExceptionFromAnotherLoggerOrAtAnotherLevel() {
        context.getLogger("kafka.server.KafkaApis").error(APPEND_FAILED, new OutOfOrderSequenceException(BENIGN));
        context.getLogger(TransactionsV2SequenceFilter.LOGGER).warn(APPEND_FAILED, new OutOfOrderSequenceException(BENIGN));
        assertEquals(2, appender.list.size());
    }

    @Test
    void shouldKeepOtherErrorsOfTheReplicaManager() {
        context.getLogger(TransactionsV2SequenceFilter.LOGGER).error(APPEND_FAILED, new IllegalStateException(BENIGN));
        context.getLogger(TransactionsV2SequenceFilter.LOGGER).error("Error while writing to checkpoint file");
        assertEquals(2, appender.list.size());
    }
}
