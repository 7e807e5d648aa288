package io.streammtl.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** A level for every logger, as {@code --log-level} and {@code STREAMMTL_LOG_LEVEL} name it. */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR, OFF;

    /** The package whose loggers logback.xml sets apart from the root (INFO, where the root has WARN). */
    static final String SERVICE_LOGGERS = "io.streammtl";

    /**
     * Sets the root logger and the service's own loggers to this level; loggers that a configuration names otherwise
     * keep their level. Does nothing where the SLF4J backend is not Logback.
     */
    public void apply() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            Level level = Level.toLevel(name());
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level);
            context.getLogger(SERVICE_LOGGERS).setLevel(level);
        }
    }
}
