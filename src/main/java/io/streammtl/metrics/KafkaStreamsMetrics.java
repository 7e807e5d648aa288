package io.streammtl.metrics;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Kafka Streams' own metrics ({@code KafkaStreams#metrics()}: its threads, tasks and embedded clients), read at
 * scrape time as {@code streammtl_kafka_<group>_<name>} with the metric's tags as labels. Names are made
 * Prometheus-clean: {@code -total} metrics are counters, nanosecond and millisecond metrics whose name says so
 * are converted to seconds, a gauge named {@code ..._count} becomes {@code ..._number}, the two current values
 * Kafka names {@code -total} lose that suffix, and non-numeric metrics are left out. Other latency and time metrics keep Kafka's unit (milliseconds), as Kafka documents them.
 */
public final class KafkaStreamsMetrics implements Supplier<List<MetricRegistry.Sampled>> {
    static final String PREFIX = "streammtl_kafka_";

    /** Kafka metrics named {@code -total} that are current values, not running totals. */
    private static final Set<String> NOT_MONOTONIC = Set.of("stream-task-metrics/restore-remaining-records-total",
            "stream-task-metrics/cache-size-bytes-total");

    private final Supplier<Map<MetricName, ? extends Metric>> source;

    public KafkaStreamsMetrics(Supplier<Map<MetricName, ? extends Metric>> source) {
        this.source = source;
    }

    /** A Prometheus name, kind and scale for one Kafka metric. */
    record Mapped(String name, MetricRegistry.Kind kind, double scale) {
    }

    @Override
    public List<MetricRegistry.Sampled> get() {
        Map<String, List<MetricRegistry.Sample>> families = new TreeMap<>();
        Map<String, MetricRegistry.Kind> kinds = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : source.get().entrySet()) {
            MetricName name = entry.getKey();
            Object value;
            try {
                value = entry.getValue().metricValue();
            } catch (RuntimeException e) {
                continue;
            }
            if (!(value instanceof Number number)) {
                continue;
            }
            Mapped mapped = map(name.group(), name.name());
            List<String> labelNames = new ArrayList<>();
            List<String> labelValues = new ArrayList<>();
            for (Map.Entry<String, String> tag : new TreeMap<>(name.tags()).entrySet()) {
                labelNames.add(sanitize(tag.getKey()));
                labelValues.add(tag.getValue() == null ? "" : tag.getValue());
            }
            // The same metric can be registered by two clients with equal tags; Prometheus rejects a scrape
            // with a duplicate series, so the first one wins.
            if (!seen.add(mapped.name() + labelNames + labelValues)) {
                continue;
            }
            families.computeIfAbsent(mapped.name(), k -> new ArrayList<>())
                    .add(new MetricRegistry.Sample(labelNames, labelValues, number.doubleValue() * mapped.scale()));
            kinds.putIfAbsent(mapped.name(), mapped.kind());
            help.putIfAbsent(mapped.name(), helpOf(name));
        }
        List<MetricRegistry.Sampled> out = new ArrayList<>(families.size());
        families.forEach((name, samples) -> out.add(new MetricRegistry.Sampled(name, kinds.get(name),
                help.get(name), samples)));
        return out;
    }

    private static String helpOf(MetricName name) {
        String description = name.description() == null || name.description().isBlank() ? name.name()
                : name.description();
        return "Kafka " + name.group() + " " + name.name() + ": " + description;
    }

    /** The Prometheus name of Kafka metric {@code name} of {@code group}. */
    static Mapped map(String group, String name) {
        String g = group.endsWith("-metrics") ? group.substring(0, group.length() - "-metrics".length()) : group;
        List<String> tokens = new ArrayList<>(List.of(sanitize(name).split("_")));
        tokens.removeIf(String::isEmpty);
        double scale = 1;
        for (int i = 0; i < tokens.size(); i++) {
            switch (tokens.get(i)) {
                case "ns" -> {
                    tokens.set(i, "seconds");
                    scale = 1e-9;
                }
                case "ms" -> {
                    tokens.set(i, "seconds");
                    scale = 1e-3;
                }
                default -> { }
            }
        }
        boolean counter = tokens.size() > 1 && tokens.get(tokens.size() - 1).equals("total");
        if (counter && NOT_MONOTONIC.contains(group + "/" + name)) {
            tokens.remove(tokens.size() - 1);
            counter = false;
        }
        String last = tokens.get(tokens.size() - 1);
        if (!counter && (last.equals("count") || last.equals("sum") || last.equals("bucket"))) {
            tokens.set(tokens.size() - 1, last.equals("count") ? "number" : last + "_value");
        }
        String full = PREFIX + sanitize(g) + "_" + String.join("_", tokens);
        return new Mapped(full, counter ? MetricRegistry.Kind.COUNTER : MetricRegistry.Kind.GAUGE, scale);
    }

    /** Lower case, with every character outside {@code [a-z0-9_]} replaced by {@code _}. */
    static String sanitize(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return out.toString();
    }
}
