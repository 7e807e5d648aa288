package io.streammtl.metrics;

import org.bytedeco.javacpp.Pointer;

import java.util.List;
import java.util.function.Supplier;

/**
 * Off-heap memory as JavaCPP (under ND4J) sees it: the bytes its deallocators track, its limit, and the process's
 * physical memory (resident set) with JavaCPP's limit on it; read at scrape time.
 */
public final class NativeMemory implements Supplier<List<MetricRegistry.Sampled>> {
    @Override
    public List<MetricRegistry.Sampled> get() {
        return List.of(
                gauge("streammtl_native_memory_bytes",
                        "Off-heap bytes allocated through JavaCPP (ND4J buffers) and not yet freed.",
                        Pointer.totalBytes()),
                gauge("streammtl_native_memory_max_bytes",
                        "JavaCPP's limit on off-heap bytes (org.bytedeco.javacpp.maxBytes).", Pointer.maxBytes()),
                gauge("streammtl_process_physical_memory_bytes",
                        "Physical memory (resident set) of the process, heap and off-heap, as JavaCPP reads it.",
                        Pointer.physicalBytes()),
                gauge("streammtl_process_physical_memory_max_bytes",
                        "JavaCPP's limit on physical memory (org.bytedeco.javacpp.maxPhysicalBytes; 0 = none).",
                        Pointer.maxPhysicalBytes()));
    }

    private static MetricRegistry.Sampled gauge(String name, String help, double value) {
        return new MetricRegistry.Sampled(name, MetricRegistry.Kind.GAUGE, help,
                List.of(new MetricRegistry.Sample(List.of(), List.of(), value)));
    }
}
