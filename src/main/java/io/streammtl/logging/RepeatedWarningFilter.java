package io.streammtl.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A Logback turbo filter that shows each repeated warning (same logger, same message pattern, WARN or ERROR) at most
 * {@code burst} times per window and counts the rest, saying so on logger {@value #LOGGER}.
 *
 * <p>Unlike Logback's {@code DuplicateMessageFilter}, which hides a message for good after a few repeats, a warning
 * that still recurs is shown again in every window, so a problem that lasts stays visible.
 */
public final class RepeatedWarningFilter extends TurboFilter {
    /** The logger of the filter's own notes (never rate-limited). */
    public static final String LOGGER = "io.streammtl.logging.RepeatedWarnings";
    /** Distinct patterns tracked at once; a burst of more forgets the windows that have ended. */
    private static final int MAX_PATTERNS = 1_000;

    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<Pattern, Window> windows = new ConcurrentHashMap<>();
    private int burst = 5;
    private long windowNanos = TimeUnit.SECONDS.toNanos(60);

    /** A filter on the system's monotonic clock, as Logback creates it from {@code logback.xml}. */
    public RepeatedWarningFilter() {
        this(System::nanoTime);
    }

    RepeatedWarningFilter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** How many repeats of a warning are shown per window (default 5). */
    public void setBurst(int burst) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, not " + burst);
        }
        this.burst = burst;
    }

    /** The window's length in seconds (default 60). */
    public void setWindowSeconds(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("windowSeconds must be at least 1, not " + seconds);
        }
        this.windowNanos = TimeUnit.SECONDS.toNanos(seconds);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // A null format is an isWarnEnabled() question, not an event; events the logger's level drops anyway must not
        // use up the burst.
        if (format == null || !level.isGreaterOrEqual(Level.WARN) || !level.isGreaterOrEqual(logger.getEffectiveLevel())
                || LOGGER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        long now = nanoClock.getAsLong();
        if (windows.size() >= MAX_PATTERNS) {
            windows.values().removeIf(window -> window.endedAt(now, windowNanos));
            if (windows.size() >= MAX_PATTERNS) {
                windows.clear();
            }
        }
        Window window = windows.computeIfAbsent(new Pattern(logger.getName(), format), pattern -> new Window(now));
        long hiddenBefore;
        boolean shown;
        boolean firstHidden;
        synchronized (window) {
            hiddenBefore = window.roll(now, windowNanos);
            shown = window.shown < burst;
            if (shown) {
                window.shown++;
            } else {
                window.hidden++;
            }
            firstHidden = !shown && window.hidden == 1;
        }
        Logger notes = ((LoggerContext) getContext()).getLogger(LOGGER);
        if (hiddenBefore > 0) {
            notes.warn("{} more of the following from {} were not shown in the last window: {}", hiddenBefore,
                    logger.getName(), format);
        }
        if (firstHidden) {
            notes.warn("{} repeated {} times within {} s; further repeats are counted and not shown until the window "
                    + "ends: {}", logger.getName(), burst, TimeUnit.NANOSECONDS.toSeconds(windowNanos), format);
        }
        return shown ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    @Override
    public void stop() {
        windows.clear();
        super.stop();
    }

    private record Pattern(String logger, String format) {
    }

    /** One pattern's current window: when it started, how many were shown and how many hidden. */
    private static final class Window {
        private long start;
        private int shown;
        private long hidden;

        Window(long start) {
            this.start = start;
        }

        synchronized boolean endedAt(long now, long length) {
            return now - start >= length;
        }

        /** Starts a new window if this one has ended; returns how many the ended window hid. */
        synchronized long roll(long now, long length) {
            if (!endedAt(now, length)) {
                return 0;
            }
            long hiddenInEnded = hidden;
            start = now;
            shown = 0;
            hidden = 0;
            return hiddenInEnded;
        }
    }
}
