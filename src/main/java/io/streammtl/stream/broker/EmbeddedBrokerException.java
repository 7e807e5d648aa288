package io.streammtl.stream.broker;

import java.nio.file.Path;

/** Thrown when the embedded Kafka broker cannot start on its data directory. */
public final class EmbeddedBrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path dataDirectory;

    EmbeddedBrokerException(Path dataDirectory, Throwable cause) {
        super("Cannot start the embedded Kafka broker in " + dataDirectory + ": " + describe(cause), cause);
        this.dataDirectory = dataDirectory;
    }

    /** The data directory the broker was started on. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getName() : message;
    }
}
