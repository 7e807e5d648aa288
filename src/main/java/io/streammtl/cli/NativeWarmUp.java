package io.streammtl.cli;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ND4J's native backend on a background thread while the broker and Kafka Streams start: otherwise the stream
 * thread loads it when it builds the first model, and a restarted service waits about 2.5 s longer to be ready.
 */
final class NativeWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(NativeWarmUp.class);

    private NativeWarmUp() {
    }

    /** Starts loading; returns at once. A failure here is left for the stream thread to report. */
    static void start() {
        Thread thread = new Thread(() -> {
            try {
                Nd4j.create(1);
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("ND4J did not load ahead of the stream thread", e);
            }
        }, "streammtl-native-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
