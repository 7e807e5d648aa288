package io.streammtl.cli;

import io.streammtl.stream.broker.EmbeddedKafkaBroker;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts the embedded broker on its own thread while this thread loads ND4J's native backend: otherwise the stream
 * thread loads it when it builds the first model, and a restarted service waits about 2.5 s longer to be ready. ND4J
 * must be loaded on this thread, not beside it: JavaCPP's {@code Loader} and {@code Pointer} initialise each other,
 * and two threads initialising them at once deadlock (seen: the metrics' first read of {@code Pointer} against a
 * background load).
 */
final class NativeWarmUp {
    private NativeWarmUp() {
    }

    /** The started broker (null when {@code brokerDirectory} is null), with ND4J loaded meanwhile. */
    static EmbeddedKafkaBroker loadWhileStarting(Path brokerDirectory) {
        CompletableFuture<EmbeddedKafkaBroker> starting = brokerDirectory == null ? null
                : CompletableFuture.supplyAsync(() -> EmbeddedKafkaBroker.start(brokerDirectory),
                        task -> new Thread(task, "streammtl-broker-start").start());
        Nd4j.create(1);
        if (starting == null) {
            return null;
        }
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
