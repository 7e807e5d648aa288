package io.streammtl.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/** Garbage-collection counts and accumulated times of this JVM at one instant, to tell what a latency run met. */
record GcPauses(long collections, long millis) {
    static GcPauses now() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new GcPauses(count, millis);
    }

    /** "N GC pauses, mean M ms" since {@code before}. */
    static String since(GcPauses before) {
        GcPauses now = now();
        long count = now.collections - before.collections;
        return String.format(Locale.ROOT, "%d GC pauses, mean %.1f ms", count,
                count == 0 ? 0.0 : (double) (now.millis - before.millis) / count);
    }
}
