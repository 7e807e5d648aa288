package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.data.DataFiles;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.metrics.MetricRegistry;
import io.streammtl.metrics.ServiceMetrics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue item 2 on the topology: the red wine training rows as events, with 1e30 labels, 1e30 features and labels
 * ×1e6 interleaved, give the model of the same stream without them, bit for bit, and the metrics say why.
 */
class ValueGuardTopologyTest {
    private static final Path WINE = Path.of("deploy/config/wine.yaml");
    private static final int ALCOHOL = 10;

    private final Codecs codecs = Codecs.create();
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    @TempDir
    Path stateDir;

    /** One service run over a list of events: what it published and what its metrics endpoint would show. */
    private record Run(List<ModelSnapshot> snapshots, List<Prediction> predictions,
                       List<TestRecord<byte[], byte[]>> deadLetters, DeadLetterCounts counts, String scrape) {
        Map<String, Integer> deadLettersByReason() {
            Map<String, Integer> out = new TreeMap<>();
            deadLetters.forEach(r -> out.merge(header(r, DeadLetterHandler.REASON_HEADER), 1, Integer::sum));
            return out;
        }

        /** The value of the one sample of {@code name} with the label {@code label} (e.g. {@code reason="x"}). */
        double metric(String name, String label) {
            List<String> lines = scrape.lines().filter(l -> l.startsWith(name + "{") && l.contains(label)).toList();
            assertEquals(1, lines.size(), name + " " + label + " in\n" + scrape);
            return Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
        }
    }

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    /** The wine spec, edited, publishing a snapshot after every step. */
    private static ServiceConfig wine(UnaryOperator<String> edit) throws IOException {
        ServiceConfig config = ModelConfigLoader.parse(edit.apply(Files.readString(WINE)));
        return config.withKafka(config.kafka().forRun("guard", "events", "guard", Map.of()).withSnapshots(1, 0));
    }

    private static String replace(String text, String from, String to) {
        assertTrue(text.contains(from), from);
        return text.replace(from, to);
    }

    private static List<LabeledEvent> wineEvents(ServiceConfig config) {
        try (CsvReader reader = DataFiles.open("classpath:data/wine/red-train.csv", config.csv())) {
            return CsvEvents.readAll(config.model(), reader, "red:", "default");
        }
    }

    private static LabeledEvent quality(LabeledEvent e, String id, UnaryOperator<Double> change) {
        Map<String, Object> labels = new HashMap<>(e.getLabels());
        labels.put("quality", change.apply((Double) labels.get("quality")));
        return LabeledEvent.newBuilder(e).setId(id).setLabels(labels).build();
    }

    private static LabeledEvent feature(LabeledEvent e, String id, int index, double value) {
        List<Double> dense = new ArrayList<>(e.getDense());
        dense.set(index, value);
        return LabeledEvent.newBuilder(e).setId(id).setDense(dense).build();
    }

    /**
     * The clean events with absurd copies after some of them, from event {@code from} on: every 30 events a 1e30
     * quality, a 1e30 feature (alcohol, or each feature in turn) and a quality ×1e6.
     */
    private static List<LabeledEvent> interleave(List<LabeledEvent> clean, int from, boolean alcoholOnly) {
        List<LabeledEvent> out = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            LabeledEvent e = clean.get(i);
            out.add(e);
            if (i < from) {
                continue;
            }
            switch (i % 30) {
                case 0 -> out.add(quality(e, "huge-label:" + i, q -> 1e30));
                case 10 -> out.add(feature(e, "huge-feature:" + i, alcoholOnly ? ALCOHOL : i / 30 % 11, 1e30));
                case 20 -> out.add(quality(e, "scaled-label:" + i, q -> q * 1e6));
                default -> { }
            }
        }
        return out;
    }

    private Run run(ServiceConfig config, String name, List<LabeledEvent> events) throws IOException {
        DeadLetterCounts counts = new DeadLetterCounts();
        MetricRegistry registry = new MetricRegistry();
        ServiceMetrics metrics = new ServiceMetrics(config.model(), registry);
        metrics.follow(counts);
        var props = StreamsSettings.of(config.kafka(), "unused:9092", stateDir.resolve(name), counts, Map.of());
        TopologyTestDriver driver = new TopologyTestDriver(
                ServiceTopology.build(config, codecs, counts, metrics, "test"), props, Instant.EPOCH);
        drivers.add(driver);
        TestInputTopic<String, byte[]> in = driver.createInputTopic("events", new StringSerializer(),
                new ByteArraySerializer());
        TestOutputTopic<String, byte[]> predictions = driver.createOutputTopic(config.kafka().predictionsTopic(),
                new StringDeserializer(), new ByteArrayDeserializer());
        TestOutputTopic<String, byte[]> snapshots = driver.createOutputTopic(config.kafka().snapshotsTopic(),
                new StringDeserializer(), new ByteArrayDeserializer());
        TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(config.kafka().deadLetterTopic(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (LabeledEvent e : events) {
            in.pipeInput(e.getModel(), codecs.events().encode(e));
        }
        StringWriter scrape = new StringWriter();
        registry.write(scrape);
        return new Run(snapshots.readValuesToList().stream().map(codecs.snapshots()::decode).toList(),
                predictions.readValuesToList().stream().map(codecs.predictions()::decode).toList(),
                deadLetters.readRecordsToList(), counts, scrape.toString());
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Every snapshot (one per step) and every prediction of the two runs are the same. */
    private static void assertSameModel(Run clean, Run dirty) {
        assertEquals(clean.snapshots().size(), dirty.snapshots().size(), "steps");
        assertTrue(clean.snapshots().size() >= 39, "a step per 32 labeled events");
        for (int s = 0; s < clean.snapshots().size(); s++) {
            assertEquals(clean.snapshots().get(s).getVersion(), dirty.snapshots().get(s).getVersion());
            assertEquals(clean.snapshots().get(s).getState(), dirty.snapshots().get(s).getState(),
                    "model state after step " + clean.snapshots().get(s).getVersion());
        }
        assertEquals(clean.predictions().size(), dirty.predictions().size(), "no prediction for a rejected event");
        for (int i = 0; i < clean.predictions().size(); i++) {
            Prediction a = clean.predictions().get(i);
            Prediction b = dirty.predictions().get(i);
            assertEquals(a.getEventId(), b.getEventId());
            assertEquals(a.getModelVersion(), b.getModelVersion());
            assertEquals(a.getTasks(), b.getTasks(), "prediction of " + a.getEventId());
        }
        assertEquals(clean.metric("streammtl_events_total", "outcome=\"trained\""),
                dirty.metric("streammtl_events_total", "outcome=\"trained\""));
        assertEquals(clean.metric("streammtl_task_loss", "task=\"quality\""),
                dirty.metric("streammtl_task_loss", "task=\"quality\""));
    }

    @Test
    void shouldLearnTheSameModelBitForBitWhenTheDefaultGuardRejectsAbsurdValues() throws IOException {
        ServiceConfig config = wine(yaml -> yaml);
        List<LabeledEvent> clean = wineEvents(config);
        // From event 200 on the running statistics hold 192 values of each column: the guard is armed.
        List<LabeledEvent> dirty = interleave(clean, 200, false);
        Run a = run(config, "clean", clean);
        Run b = run(config, "dirty", dirty);

        assertSameModel(a, b);
        assertEquals(108, dirty.size() - clean.size());
        assertEquals(Map.of("label-outlier", 72, "feature-outlier", 36), b.deadLettersByReason());
        assertEquals(72, b.counts().count(DeadLetterReason.LABEL_OUTLIER));
        assertEquals(36, b.counts().count(DeadLetterReason.FEATURE_OUTLIER));
        assertEquals(72, b.metric("streammtl_dead_letters_total", "reason=\"label-outlier\""));
        assertEquals(36, b.metric("streammtl_dead_letters_total", "reason=\"feature-outlier\""));
        assertEquals(108, b.metric("streammtl_events_total", "outcome=\"dead_lettered\""));
        assertEquals(0, a.counts().total());

        Map<String, byte[]> sent = new HashMap<>();
        dirty.forEach(e -> sent.put(e.getId(), codecs.events().encode(e)));
        for (TestRecord<byte[], byte[]> letter : b.deadLetters()) {
            LabeledEvent event = codecs.events().decode(letter.value());
            assertArrayEquals(sent.get(event.getId()), letter.value(), "the original bytes");
            String detail = header(letter, DeadLetterHandler.DETAIL_HEADER);
            String expected = event.getId().startsWith("huge-feature") ? "feature-outlier: feature '"
                    : "label-outlier: label of task 'quality' is ";
            assertTrue(detail.startsWith(expected) && detail.contains("standard deviations from the running mean"),
                    detail);
        }
    }

    @Test
    void shouldLearnTheSameModelBitForBitWhenConfiguredRangesRejectAbsurdValuesFromTheFirstEvent()
            throws IOException {
        ServiceConfig config = wine(yaml -> replace(replace(yaml,
                "    label: {column: quality}\n", "    label: {column: quality}\n    label_range: {min: 0, max: 10}\n"),
                "{name: alcohol, column: alcohol}", "{name: alcohol, column: alcohol, range: {min: 0, max: 100}}"));
        List<LabeledEvent> clean = wineEvents(config);
        // Before the guard is armed only the ranges stand between these values and the model.
        List<LabeledEvent> dirty = interleave(clean, 0, true);
        Run a = run(config, "clean-ranged", clean);
        Run b = run(config, "dirty-ranged", dirty);

        assertSameModel(a, b);
        assertEquals(Map.of("label-out-of-range", 85, "feature-out-of-range", 43), b.deadLettersByReason());
        assertEquals(85, b.metric("streammtl_dead_letters_total", "reason=\"label-out-of-range\""));
        assertEquals(43, b.metric("streammtl_dead_letters_total", "reason=\"feature-out-of-range\""));
        String detail = header(b.deadLetters().get(0), DeadLetterHandler.DETAIL_HEADER);
        assertEquals("label-out-of-range: label of task 'quality' is 1.0E30, outside its label_range [0, 10]", detail);
    }

    @Test
    void shouldBeWreckedByTheSameEventsWithTheGuardOff() throws IOException {
        // The control: the symptom comes back when nothing keeps the values out.
        ServiceConfig config = wine(yaml -> replace(yaml, "  standardize_targets: true\n",
                "  standardize_targets: true\n  outlier_guard: off\n"));
        List<LabeledEvent> clean = wineEvents(config);
        Run a = run(config, "clean-off", clean);
        Run b = run(config, "dirty-off", interleave(clean, 200, false));
        assertNotEquals(a.snapshots().get(a.snapshots().size() - 1).getState(),
                b.snapshots().get(b.snapshots().size() - 1).getState());
        double worst = b.predictions().stream().mapToDouble(p -> Math.abs(p.getTasks().get("quality").getValue()))
                .max().orElseThrow();
        assertTrue(worst > 1e20, "quality predictions reach " + worst);
        assertEquals(0, b.counts().total());
    }
}
