package io.streammtl.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PrequentialStateTest {

    private static final int WINDOW = 50;

    /** The three task kinds, each with a seeded source of plausible records. */
    enum Kind {
        REGRESSION(1), BINARY(1), MULTICLASS(3);

        final int width;

        Kind(int width) {
            this.width = width;
        }

        PrequentialMetrics create(int window) {
            return switch (this) {
                case REGRESSION -> PrequentialMetrics.regression(window);
                case BINARY -> PrequentialMetrics.binary(window);
                case MULTICLASS -> PrequentialMetrics.multiclass(width, window);
            };
        }

        /** Records {@code n} records drawn from {@code random}; about one in 40 is not finite. */
        void feed(PrequentialMetrics metrics, Random random, int n) {
            float[] outputs = new float[width];
            for (int i = 0; i < n; i++) {
                double label = fill(outputs, random);
                if (random.nextInt(40) == 0) {
                    outputs[random.nextInt(width)] = Float.NaN;
                }
                metrics.record(label, outputs, 0);
            }
        }

        private double fill(float[] outputs, Random random) {
            switch (this) {
                case REGRESSION -> {
                    double label = 3 * random.nextGaussian() + 1;
                    outputs[0] = (float) (label + random.nextGaussian());
                    return label;
                }
                case BINARY -> {
                    double label = random.nextDouble() < 0.4 ? 1 : 0;
                    double p = 0.35 + 0.3 * label + 0.2 * random.nextGaussian();
                    outputs[0] = (float) Math.min(1.0, Math.max(0.0, p));
                    return label;
                }
                default -> {
                    int label = random.nextInt(width);
                    double sum = 0;
                    double[] e = new double[width];
                    for (int c = 0; c < width; c++) {
                        e[c] = Math.exp(random.nextGaussian() + (c == label ? 1.0 : 0.0));
                        sum += e[c];
                    }
                    for (int c = 0; c < width; c++) {
                        outputs[c] = (float) (e[c] / sum);
                    }
                    return label;
                }
            }
        }
    }

    private static byte[] state(PrequentialMetrics metrics) {
        ByteBuffer out = ByteBuffer.allocate(metrics.stateBytes()).order(ByteOrder.LITTLE_ENDIAN);
        metrics.write(out);
        assertEquals(0, out.remaining(), "stateBytes() must match what write() puts");
        return out.array();
    }

    private static void read(PrequentialMetrics metrics, byte[] state) {
        metrics.read(ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN));
    }

    private static PrequentialMetrics roundTrip(Kind kind, PrequentialMetrics original) {
        PrequentialMetrics restored = kind.create(WINDOW);
        read(restored, state(original));
        return restored;
    }

    /** Same counts and bit-identical values (NaN included) in the same keys. */
    static void assertSameResults(PrequentialMetrics expected, PrequentialMetrics actual) {
        assertEquals(expected.count(), actual.count(), "count");
        assertEquals(expected.skipped(), actual.skipped(), "skipped");
        assertBitIdentical(expected.cumulative(), actual.cumulative());
        assertBitIdentical(expected.windowed(), actual.windowed());
    }

    private static void assertBitIdentical(Map<String, Double> expected, Map<String, Double> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            double value = actual.get(e.getKey());
            assertEquals(Double.doubleToRawLongBits(e.getValue()), Double.doubleToRawLongBits(value),
                    () -> e.getKey() + ": expected " + e.getValue() + ", got " + value);
        }
    }

    /** Feeds the same further records to both, one at a time, checking after each. */
    private static void assertContinueIdentically(Kind kind, PrequentialMetrics original,
            PrequentialMetrics restored, int records) {
        Random first = new Random(77);
        Random second = new Random(77);
        for (int i = 0; i < records; i++) {
            kind.feed(original, first, 1);
            kind.feed(restored, second, 1);
            assertSameResults(original, restored);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRestoreEmptyMetricsAsEmpty(Kind kind) {
        PrequentialMetrics original = kind.create(WINDOW);

        PrequentialMetrics restored = roundTrip(kind, original);

        assertEquals(0, restored.count());
        assertSameResults(original, restored);
        assertContinueIdentically(kind, original, restored, WINDOW + 5);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRestoreIdenticalResultsBeforeTheWindowFills(Kind kind) {
        PrequentialMetrics original = kind.create(WINDOW);
        kind.feed(original, new Random(1), WINDOW - 13);

        PrequentialMetrics restored = roundTrip(kind, original);

        assertTrue(restored.count() < WINDOW);
        assertSameResults(original, restored);
        assertContinueIdentically(kind, original, restored, 3 * WINDOW);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRestoreIdenticalResultsAfterTheWindowWraps(Kind kind) {
        PrequentialMetrics original = kind.create(WINDOW);
        kind.feed(original, new Random(2), 20 * WINDOW + 17);

        PrequentialMetrics restored = roundTrip(kind, original);

        assertTrue(original.skipped() > 0, "the stream should include non-finite predictions");
        assertSameResults(original, restored);
        assertContinueIdentically(kind, original, restored, 3 * WINDOW);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldWriteTheSameBytesAgainAfterRestoring(Kind kind) {
        PrequentialMetrics original = kind.create(WINDOW);
        kind.feed(original, new Random(3), 7 * WINDOW + 3);

        byte[] state = state(original);

        assertArrayEquals(state, state(roundTrip(kind, original)));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRejectStateOfEveryOtherKindNamingBoth(Kind kind) {
        PrequentialMetrics original = kind.create(WINDOW);
        kind.feed(original, new Random(4), WINDOW);
        byte[] state = state(original);

        for (Kind other : Kind.values()) {
            if (other == kind) {
                continue;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> read(other.create(WINDOW), state));
            String expected = "is of a " + kind.name().toLowerCase() + " task, this task is "
                    + other.name().toLowerCase();
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRejectStateOfAnotherWindowLength(Kind kind) {
        PrequentialMetrics original = kind.create(WINDOW);
        kind.feed(original, new Random(5), 10);
        byte[] state = state(original);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(kind.create(WINDOW + 1), state));

        assertTrue(e.getMessage().contains("window 50, this task's window is 51"), e.getMessage());
    }

    @Test
    void shouldRejectMulticlassStateOfAnotherClassCount() {
        PrequentialMetrics original = Kind.MULTICLASS.create(WINDOW);
        Kind.MULTICLASS.feed(original, new Random(6), 10);
        byte[] state = state(original);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(PrequentialMetrics.multiclass(4, WINDOW), state));

        assertTrue(e.getMessage().contains("has 3 classes, this task has 4"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRejectEveryTruncationAndKeepItsOwnState(Kind kind) {
        PrequentialMetrics original = kind.create(WINDOW);
        kind.feed(original, new Random(7), 2 * WINDOW + 9);
        byte[] state = state(original);
        PrequentialMetrics target = kind.create(WINDOW);
        kind.feed(target, new Random(8), 30);
        PrequentialMetrics untouched = kind.create(WINDOW);
        kind.feed(untouched, new Random(8), 30);

        for (int length = 0; length < state.length; length++) {
            byte[] truncated = Arrays.copyOf(state, length);
            assertThrows(IllegalArgumentException.class, () -> read(target, truncated),
                    "a state cut to " + length + " of " + state.length + " bytes");
            assertSameResults(untouched, target);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRejectStateWhoseCountDisagreesWithItsWindow(Kind kind) {
        PrequentialMetrics original = kind.create(WINDOW);
        kind.feed(original, new Random(9), 20);
        ByteBuffer state = ByteBuffer.wrap(state(original)).order(ByteOrder.LITTLE_ENDIAN);
        int countAt = MetricsStateCodec.HEADER_BYTES;
        state.putLong(countAt, state.getLong(countAt) + 1);

        assertThrows(IllegalArgumentException.class,
                () -> read(kind.create(WINDOW), state.array()));
    }

    @Test
    void shouldRejectBinaryStateWhoseHistogramDisagreesWithItsCount() {
        PrequentialMetrics original = Kind.BINARY.create(WINDOW);
        Kind.BINARY.feed(original, new Random(10), WINDOW + 20);
        ByteBuffer state = ByteBuffer.wrap(state(original)).order(ByteOrder.LITTLE_ENDIAN);
        int countAt = MetricsStateCodec.HEADER_BYTES;
        // Past the window, one more record leaves the window's row count as it is.
        state.putLong(countAt, state.getLong(countAt) + 1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Kind.BINARY.create(WINDOW), state.array()));

        assertTrue(e.getMessage().contains("in its histogram"), e.getMessage());
    }

    @Test
    void shouldRejectABigEndianBuffer() {
        PrequentialMetrics metrics = Kind.REGRESSION.create(WINDOW);
        ByteBuffer out = ByteBuffer.allocate(metrics.stateBytes());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> metrics.write(out));

        assertTrue(e.getMessage().contains("little-endian"), e.getMessage());
    }

    @Test
    void shouldEncodeTheHistogramOfHundredThousandScoresInAQuarterOfItsDenseSize() {
        PrequentialMetrics original = Kind.BINARY.create(WINDOW);
        Random random = new Random(11);
        float[] score = new float[1];
        for (int i = 0; i < 100_000; i++) {
            score[0] = random.nextFloat();
            original.record(random.nextBoolean() ? 1 : 0, score, 0);
        }
        int denseHistogram = 2 * ScoreHistogram.BINS * Long.BYTES;

        PrequentialMetrics restored = roundTrip(Kind.BINARY, original);

        assertTrue(original.stateBytes() < denseHistogram / 4, original.stateBytes() + " bytes");
        assertSameResults(original, restored);
    }
}
