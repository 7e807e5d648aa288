package io.streammtl.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.DefaultExports;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The service's metrics and the one file that knows the Prometheus client library (simpleclient 0.16): counters,
 * gauges and histograms updated as things happen, families computed at each scrape, JVM metrics, and the text
 * exposition format. Moving to another client means rewriting this file only.
 */
public final class MetricRegistry {
    /** Content type of {@link #write}: Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = TextFormat.CONTENT_TYPE_004;

    private final CollectorRegistry registry = new CollectorRegistry(true);

    /** A counter with its label values bound. */
    public interface Counter {
        void inc(double amount);

        default void inc() {
            inc(1);
        }
    }

    /** A gauge with its label values bound. */
    public interface Gauge {
        void set(double value);
    }

    /** A histogram with its label values bound. */
    public interface Histogram {
        void observe(double value);
    }

    /** A metric family: bind label values (in the order the names were given) to get the metric to update. */
    public interface Family<T> {
        T labels(String... values);
    }

    /** Type of a family computed at scrape time. */
    public enum Kind { COUNTER, GAUGE }

    /** One sample of a scrape-time family. */
    public record Sample(List<String> labelNames, List<String> labelValues, double value) {
        public Sample {
            labelNames = List.copyOf(labelNames);
            labelValues = List.copyOf(labelValues);
        }
    }

    /** A family computed at scrape time; a counter's {@code name} ends in {@code _total}. */
    public record Sampled(String name, Kind kind, String help, List<Sample> samples) {
        public Sampled {
            samples = List.copyOf(samples);
        }
    }

    /** A counter family; {@code name} ends in {@code _total}. */
    public Family<Counter> counter(String name, String help, String... labelNames) {
        io.prometheus.client.Counter counter = io.prometheus.client.Counter.build().name(name).help(help)
                .labelNames(labelNames).withoutExemplars().register(registry);
        return values -> counter.labels(values)::inc;
    }

    public Family<Gauge> gauge(String name, String help, String... labelNames) {
        io.prometheus.client.Gauge gauge = io.prometheus.client.Gauge.build().name(name).help(help)
                .labelNames(labelNames).register(registry);
        return values -> gauge.labels(values)::set;
    }

    /** A histogram family with the given upper bucket bounds (+Inf is implied). */
    public Family<Histogram> histogram(String name, String help, double[] buckets, String... labelNames) {
        io.prometheus.client.Histogram histogram = io.prometheus.client.Histogram.build().name(name).help(help)
                .buckets(buckets).labelNames(labelNames).withoutExemplars().register(registry);
        return values -> histogram.labels(values)::observe;
    }

    /** Families computed anew at every scrape (on the scraping thread: {@code source} must be thread-safe). */
    public void sampled(Supplier<List<Sampled>> source) {
        registry.register(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                List<MetricFamilySamples> out = new ArrayList<>();
                for (Sampled family : source.get()) {
                    List<MetricFamilySamples.Sample> samples = new ArrayList<>(family.samples().size());
                    for (Sample s : family.samples()) {
                        samples.add(new MetricFamilySamples.Sample(family.name(), s.labelNames(), s.labelValues(),
                                s.value()));
                    }
                    String base = family.kind() == Kind.COUNTER && family.name().endsWith("_total")
                            ? family.name().substring(0, family.name().length() - "_total".length()) : family.name();
                    out.add(new MetricFamilySamples(base, family.kind() == Kind.COUNTER ? Type.COUNTER : Type.GAUGE,
                            family.help(), samples));
                }
                return out;
            }
        });
    }

    /** The JVM's own metrics: memory pools, GC, threads, classes, buffer pools, process CPU and file handles. */
    public void registerJvm() {
        DefaultExports.register(registry);
    }

    /**
     * Writes every metric in the text exposition format, without the client's {@code _created} series (one per
     * counter and histogram child, useless to Prometheus 2 and doubling the series count).
     */
    public void write(Writer out) throws IOException {
        TextFormat.write004(out, registry.filteredMetricFamilySamples(name -> !name.endsWith("_created")));
    }
}
