package io.streammtl.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rate limiter inside a real Logback context of its own (the test JVM's logging is left alone). */
class RepeatedWarningFilterTest {
    private static final String NETWORK = "org.apache.kafka.clients.NetworkClient";
    private static final String UNREACHABLE = "Connection to node {} could not be established.";

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void setUp() {
        RepeatedWarningFilter filter = new RepeatedWarningFilter(nanos::get);
        filter.setContext(context);
        filter.setBurst(3);
        filter.setWindowSeconds(60);
        filter.start();
        context.addTurboFilter(filter);
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
    }

    private List<String> lines() {
        return appender.list.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage())
                .toList();
    }

    private void advanceSeconds(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void shouldShowAWarningBurstTimesPerWindowThenSaySoOnceAndCountTheRest() {
        Logger network = context.getLogger(NETWORK);
        for (int node = 1; node <= 10; node++) {
            network.warn(UNREACHABLE, node);
        }
        assertEquals(List.of(
                "WARN " + NETWORK + " Connection to node 1 could not be established.",
                "WARN " + NETWORK + " Connection to node 2 could not be established.",
                "WARN " + NETWORK + " Connection to node 3 could not be established.",
                "WARN " + RepeatedWarningFilter.LOGGER + " " + NETWORK + " repeated 3 times within 60 s; further repeats "
                        + "are counted and not shown until the window ends: " + UNREACHABLE), lines());
    }

    @Test
    void shouldShowTheWarningAgainInTheNextWindowWithTheCountOfThoseNotShown() {
        Logger network = context.getLogger(NETWORK);
        for (int node = 1; node <= 10; node++) {
            network.warn(UNREACHABLE, node);
        }
        advanceSeconds(59);
        network.warn(UNREACHABLE, 11);
        assertEquals(4, appender.list.size(), "still inside the window: " + lines());
        advanceSeconds(1);
        network.warn(UNREACHABLE, 12);
        List<String> lines = lines();
        assertEquals(List.of(
                "WARN " + RepeatedWarningFilter.LOGGER + " 8 more of the following from " + NETWORK
                        + " were not shown in the last window: " + UNREACHABLE,
                "WARN " + NETWORK + " Connection to node 12 could not be established."),
                lines.subList(4, lines.size()));
    }

    @Test
    void shouldLimitEachLoggerAndPatternSeparately() {
        Logger network = context.getLogger(NETWORK);
        Logger sender = context.getLogger("org.apache.kafka.clients.producer.internals.Sender");
        for (int i = 0; i < 5; i++) {
            network.warn(UNREACHABLE, i);
            network.warn("Broker may not be available.");
            sender.warn(UNREACHABLE, i);
        }
        assertEquals(3 * (3 + 1), appender.list.size(), lines().toString());
    }

    @Test
    void shouldNeverLimitInfoOrDebug() {
        Logger streams = context.getLogger("org.apache.kafka.streams.KafkaStreams");
        for (int i = 0; i < 20; i++) {
            streams.info("State transition from {} to {}", "A", "B");
            streams.debug("polled {} records", i);
        }
        assertEquals(40, appender.list.size());
    }

    @Test
    void shouldLimitErrorsToo() {
        Logger broker = context.getLogger("kafka.server.ReplicaManager");
        for (int i = 0; i < 10; i++) {
            broker.error("Error processing append operation on partition p-0", new IllegalStateException("x"));
        }
        assertEquals(3 + 1, appender.list.size(), lines().toString());
    }

    @Test
    void shouldNotCountWarningsThatTheLoggersLevelDrops() {
        Logger quiet = context.getLogger("org.apache.kafka.controller.QuorumController");
        quiet.setLevel(Level.ERROR);
        for (int i = 0; i < 10; i++) {
            quiet.warn("Performing controller activation.");
        }
        quiet.setLevel(null);
        quiet.warn("Performing controller activation.");
        assertEquals(List.of("WARN org.apache.kafka.controller.QuorumController Performing controller activation."),
                lines(), "the dropped ones used up none of the burst");
    }

    @Test
    void shouldKeepLimitingWhenFarMorePatternsThanItTracksArrive() {
        Logger network = context.getLogger(NETWORK);
        for (int i = 0; i < 5_000; i++) {
            network.warn("distinct message " + i);
        }
        assertEquals(5_000, appender.list.size(), "each distinct message is shown");
        for (int i = 0; i < 10; i++) {
            network.warn(UNREACHABLE, i);
        }
        assertTrue(lines().get(appender.list.size() - 1).contains("repeated 3 times"), lines().get(appender.list.size() - 1));
        assertEquals(5_000 + 3 + 1, appender.list.size());
    }
}
