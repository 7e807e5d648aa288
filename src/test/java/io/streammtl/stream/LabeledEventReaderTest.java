package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.Example;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written event reader agrees with Avro's reader followed by the same validation: on valid events, on every
 * kind of invalid one, and on corrupted bytes, whatever comes out (an example or a dead-letter reason).
 */
class LabeledEventReaderTest {
    private final Codecs codecs = Codecs.create();

    /** What one path made of one record: the example's parts, or the dead-letter reason and message. */
    private record Outcome(String id, String model, long eventTime, float[] inputs, float[] labels, boolean[] labeled,
                           int group, DeadLetterReason reason, String message) {
        void assertSameAs(Outcome other, String what) {
            assertEquals(reason, other.reason, what);
            if (reason == DeadLetterReason.UNDECODABLE) {
                return;
            }
            assertEquals(message, other.message, what);
            assertEquals(id, other.id, what);
            assertEquals(model, other.model, what);
            assertEquals(eventTime, other.eventTime, what);
            assertArrayEquals(inputs, other.inputs, what);
            assertArrayEquals(labels, other.labels, what);
            assertArrayEquals(labeled, other.labeled, what);
            assertEquals(group, other.group, what);
        }
    }

    private static Outcome example(String id, String model, long eventTime, Example e) {
        return new Outcome(id, model, eventTime, e.inputs(), e.labels(), e.labeled(), e.featureSet(), null, null);
    }

    private static Outcome failure(InvalidEventException e) {
        return new Outcome(null, null, 0, null, null, null, 0, e.reason(), e.getMessage());
    }

    private Outcome fast(ModelConfig config, byte[] bytes) {
        try {
            EventFields fields = new LabeledEventReader(config, codecs.events()).read(bytes);
            Example example = new EventValidator(config).toExample(fields);
            return example(new String(fields.id, StandardCharsets.UTF_8), fields.model, fields.eventTime, example);
        } catch (InvalidEventException e) {
            return failure(e);
        }
    }

    private Outcome avro(ModelConfig config, byte[] bytes) {
        try {
            LabeledEvent event = codecs.events().decode(bytes);
            Example example = new EventValidator(config).toExample(event);
            return example(event.getId(), event.getModel(), event.getEventTime().toEpochMilli(), example);
        } catch (InvalidEventException e) {
            return failure(e);
        }
    }

    private static ModelConfig threeTaskConfig() {
        return ServiceTopologyTest.config(0, true).model();
    }

    private static ModelConfig housingConfig() {
        return ModelConfigLoader.load(Path.of("deploy/config/housing.yaml")).model();
    }

    /** A random event near the spec: mostly valid, sometimes with one of the faults the validator names. */
    private static LabeledEvent randomEvent(SplittableRandom random, List<String> numeric, List<String> categorical,
                                            List<String> tasks, int i) {
        Map<String, Double> numbers = new HashMap<>();
        for (String name : numeric) {
            if (random.nextInt(10) > 0) {
                numbers.put(name, random.nextInt(20) == 0 ? pick(random, Double.NaN, Double.POSITIVE_INFINITY, 1e300)
                        : random.nextGaussian() * 5);
            }
        }
        Map<String, String> texts = new HashMap<>();
        for (String name : categorical) {
            if (random.nextInt(10) > 0) {
                texts.put(name, pick(random, "red", "green", "blue", "downtown", "suburb", "rural", "ünïcödé", ""));
            }
        }
        switch (random.nextInt(12)) {
            case 0 -> numbers.put("extra_" + random.nextInt(3), 1.0);
            case 1 -> texts.put("other", "x");
            case 2 -> {
                if (!categorical.isEmpty()) {
                    numbers.put(categorical.get(0), 2.0);
                }
            }
            case 3 -> texts.put(numeric.get(0), "text");
            default -> {
            }
        }
        List<Double> dense = null;
        if (random.nextInt(4) == 0) {
            dense = new ArrayList<>();
            int length = numeric.size() + (random.nextInt(6) == 0 ? random.nextInt(3) - 1 : 0);
            for (int k = 0; k < length; k++) {
                dense.add(random.nextInt(30) == 0 ? Double.NaN : random.nextGaussian());
            }
            if (random.nextInt(5) > 0) {
                numbers.clear();
            }
        }
        Map<String, Object> labels = new HashMap<>();
        for (String task : tasks) {
            if (random.nextInt(3) > 0) {
                labels.put(task, random.nextInt(8) == 0 ? pick(random, "lo", "mid", "hi", "none")
                        : (Object) pick(random, 0.0, 1.0, 2.5, -1.0, Double.NaN, Double.NEGATIVE_INFINITY, 3e300));
            }
        }
        if (random.nextInt(15) == 0) {
            labels.put("no_such_task", 1.0);
        }
        return LabeledEvent.newBuilder().setId("id-" + i + (i % 7 == 0 ? "-é€" : "")).setModel(i % 3 == 0 ? "m1" : "m2")
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + i * 37L)).setNumeric(numbers).setDense(dense)
                .setCategorical(texts).setLabels(labels).build();
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }

    private void assertAgreesOnRandomEvents(ModelConfig config, List<String> numeric, List<String> categorical,
                                            List<String> tasks, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<DeadLetterReason, Integer> seen = new EnumMap<>(DeadLetterReason.class);
        int valid = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] bytes = codecs.events().encode(randomEvent(random, numeric, categorical, tasks, i));
            Outcome expected = avro(config, bytes);
            fast(config, bytes).assertSameAs(expected, "event " + i);
            if (expected.reason == null) {
                valid++;
            } else {
                seen.merge(expected.reason, 1, Integer::sum);
            }
        }
        assertTrue(valid > 200, "valid events: " + valid);
        assertTrue(seen.size() >= 6, "dead-letter reasons exercised: " + seen);
    }

    @Test
    void shouldAgreeWithAvroAndTheValidatorOnRandomValidAndInvalidEvents() {
        assertAgreesOnRandomEvents(threeTaskConfig(), List.of("a", "b"), List.of("color"), List.of("y", "p", "k"), 1);
    }

    @Test
    void shouldAgreeWithAvroOnEventsWithFeatureSetsAndImputedFeatures() {
        assertAgreesOnRandomEvents(housingConfig(), List.of("size", "bedrooms", "bathrooms"), List.of("location"),
                List.of("house_price", "apartment_price"), 2);
    }

    @Test
    void shouldDeadLetterEveryTruncationAndAgreeWithAvroOnCorruptedBytes() {
        ModelConfig config = threeTaskConfig();
        SplittableRandom random = new SplittableRandom(3);
        int corrupted = 0;
        for (int i = 0; i < 300; i++) {
            byte[] bytes = codecs.events().encode(randomEvent(random, List.of("a", "b"), List.of("color"),
                    List.of("y", "p", "k"), i));
            for (int cut = 0; cut < bytes.length; cut++) {
                byte[] truncated = Arrays.copyOf(bytes, cut);
                Outcome outcome = fast(config, truncated);
                assertEquals(DeadLetterReason.UNDECODABLE, outcome.reason, "cut at " + cut + " of " + bytes.length);
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertEquals(DeadLetterReason.UNDECODABLE, fast(config, longer).reason, "trailing byte");
            byte[] flipped = bytes.clone();
            int at = 10 + random.nextInt(bytes.length - 10);
            flipped[at] = (byte) random.nextInt(256);
            Outcome expected = avro(config, flipped);
            fast(config, flipped).assertSameAs(expected, "byte " + at + " of event " + i + " set to " + flipped[at]);
            corrupted += expected.reason == DeadLetterReason.UNDECODABLE ? 1 : 0;
        }
        assertTrue(corrupted > 20, "flips that made records undecodable: " + corrupted);
    }

    @Test
    void shouldLeaveForeignHeadersToTheCodecAndGetItsReasons() {
        ModelConfig config = threeTaskConfig();
        byte[] bytes = codecs.events().encode(ServiceTopologyTest.stream(1, "m", 4).get(0));
        byte[] otherSchema = bytes.clone();
        otherSchema[5] ^= 0x40;
        byte[] noMarker = bytes.clone();
        noMarker[0] = 0x7B;
        for (byte[] record : List.of(otherSchema, noMarker, new byte[3])) {
            Outcome outcome = fast(config, record);
            assertEquals(avro(config, record).message, outcome.message);
            assertTrue(outcome.reason == DeadLetterReason.UNKNOWN_SCHEMA || outcome.reason == DeadLetterReason.UNDECODABLE,
                    outcome.message);
        }
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, fast(config, otherSchema).reason);
        assertEquals(DeadLetterReason.UNDECODABLE, fast(config, null).reason);
    }
}
