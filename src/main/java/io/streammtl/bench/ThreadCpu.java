package io.streammtl.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CPU time and allocation of this JVM's threads and of the whole process at one instant, so that a benchmark run can
 * say where its CPU went: CPU figures are disturbed far less than rates by the other work of a busy machine.
 */
final class ThreadCpu {
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private static final Pattern VM_THREAD = Pattern.compile("(C1 |C2 |GC |G1 |VM ).*");

    private final long processNanos;
    private final Map<Long, Sample> threads;
    private final Map<String, Long> vmThreadTicks;

    private record Sample(String name, long cpuNanos, long allocatedBytes) {
    }

    private ThreadCpu(long processNanos, Map<Long, Sample> threads, Map<String, Long> vmThreadTicks) {
        this.processNanos = processNanos;
        this.threads = threads;
        this.vmThreadTicks = vmThreadTicks;
    }

    /**
     * CPU clock ticks of the JVM's own threads (JIT compilers, garbage collector) by thread group, read from
     * {@code /proc/self/task} where there is one: the management beans see Java threads only.
     */
    private static Map<String, Long> vmThreadTicks() {
        Map<String, Long> ticks = new TreeMap<>();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return ticks;
        }
        try (var stream = java.nio.file.Files.list(tasks)) {
            stream.forEach(task -> {
                try {
                    String comm = java.nio.file.Files.readString(task.resolve("comm")).trim();
                    if (!VM_THREAD.matcher(comm).matches()) {
                        return;
                    }
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    // Fields after the parenthesised name: state is the 3rd field, utime the 14th, stime the 15th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    ticks.merge(comm.replaceAll("\\d+$", "#"), used, Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // A thread that ended between listing and reading has nothing left to count.
                }
            });
        } catch (java.io.IOException e) {
            return ticks;
        }
        return ticks;
    }

    /**
     * The process's CPU time alone: reading every thread's figures stops the JVM at a safepoint for a moment, which
     * shows up in a latency run's tail, so latency runs take this unless asked for the breakdown.
     */
    static ThreadCpu processOnly() {
        return new ThreadCpu(processCpuNanos(), Map.of(), Map.of());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static ThreadCpu now() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Sample> threads = new HashMap<>();
        for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info != null) {
                long id = info.getThreadId();
                threads.put(id, new Sample(info.getThreadName(), Math.max(0, bean.getThreadCpuTime(id)),
                        Math.max(0, bean.getThreadAllocatedBytes(id))));
            }
        }
        return new ThreadCpu(processCpuNanos(), threads, vmThreadTicks());
    }

    /** CPU time of the whole process since {@code before} (broker, clients and bench included when embedded). */
    long processSince(ThreadCpu before) {
        return processNanos - before.processNanos;
    }

    /** CPU time since {@code before} of the stream threads of {@code applicationId}. */
    long streamThreadsSince(ThreadCpu before, String applicationId) {
        long total = 0;
        for (Map.Entry<Long, Sample> entry : threads.entrySet()) {
            String name = entry.getValue().name();
            if (name.startsWith(applicationId) && name.contains("StreamThread")) {
                total += entry.getValue().cpuNanos() - cpuOf(before, entry.getKey());
            }
        }
        return total;
    }

    /** CPU time since {@code before} of every thread whose name starts with {@code prefix}, and of the busiest one. */
    long[] threadsSince(ThreadCpu before, String prefix) {
        long total = 0;
        long busiest = 0;
        for (Map.Entry<Long, Sample> entry : threads.entrySet()) {
            if (entry.getValue().name().startsWith(prefix)) {
                long used = entry.getValue().cpuNanos() - cpuOf(before, entry.getKey());
                total += used;
                busiest = Math.max(busiest, used);
            }
        }
        return new long[] {total, busiest};
    }

    private static long cpuOf(ThreadCpu snapshot, long id) {
        Sample sample = snapshot.threads.get(id);
        return sample == null ? 0 : sample.cpuNanos();
    }

    /**
     * Prints CPU µs and allocated KB per event since {@code before} for each thread group (thread names with numbers
     * and run ids folded), then what no Java thread accounts for: JIT compilers, garbage collector and other VM threads.
     */
    void printSince(ThreadCpu before, long events, PrintWriter out) {
        Map<String, long[]> groups = new TreeMap<>();
        long javaThreads = 0;
        for (Map.Entry<Long, Sample> entry : threads.entrySet()) {
            Sample now = entry.getValue();
            Sample then = before.threads.get(entry.getKey());
            long cpu = now.cpuNanos() - (then == null ? 0 : then.cpuNanos());
            long allocated = now.allocatedBytes() - (then == null ? 0 : then.allocatedBytes());
            String group = NUMBER.matcher(RUN_ID.matcher(now.name()).replaceAll("")).replaceAll("#");
            long[] sums = groups.computeIfAbsent(group, g -> new long[2]);
            sums[0] += cpu;
            sums[1] += allocated;
            javaThreads += cpu;
        }
        groups.entrySet().stream()
                .filter(e -> e.getValue()[0] >= events * 10L)
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> out.printf(Locale.ROOT, "  %7.2f µs CPU %7.2f KB allocated per event  %s%n",
                        e.getValue()[0] / 1e3 / events, e.getValue()[1] / 1e3 / events, e.getKey()));
        out.printf(Locale.ROOT, "  %7.2f µs CPU per event  JVM's own threads (JIT compilers, garbage collector, ...)%n",
                (processSince(before) - javaThreads) / 1e3 / events);
        // Linux counts thread CPU in clock ticks of (almost always) 10 ms.
        vmThreadTicks.forEach((group, ticks) -> {
            long used = ticks - before.vmThreadTicks.getOrDefault(group, 0L);
            if (used > 0) {
                out.printf(Locale.ROOT, "    %7.2f µs CPU per event  %s%n", used * 1e4 / events, group);
            }
        });
    }
}
