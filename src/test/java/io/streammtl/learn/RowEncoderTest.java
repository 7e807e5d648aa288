package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.data.csv.CsvException;
import io.streammtl.data.csv.CsvFormat;
import io.streammtl.data.csv.CsvReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowEncoderTest {
    private static final ModelConfig CONFIG = ModelConfigLoader.parse("""
            features:
              - {name: size}
              - {name: place, type: categorical, vocabulary: [town, farm]}
            tasks:
              - {name: price, kind: regression}
              - {name: good, kind: binary, label: {column: score, threshold: 6}}
              - name: tier
                kind: multiclass
                classes: [low, high]
                label: {column: score, map: {"5": low, "7": high}}
              - {name: sold, kind: binary}
            """).model();

    private static List<Example> read(String csv) {
        try (CsvReader reader = CsvReader.open(new StringReader(csv), "t.csv", CsvFormat.detect())) {
            return RowEncoder.readAll(CONFIG, reader);
        }
    }

    @Test
    void shouldEncodeFeaturesAndEveryLabelSource() {
        Example e = read("size,place,price,score,sold\n80,farm,120.5,7.0,1\n").get(0);
        assertArrayEquals(new float[] {80, 0, 1, 0}, e.inputs());
        assertArrayEquals(new float[] {120.5f, 1, 1, 1}, e.labels());
        assertArrayEquals(new boolean[] {true, true, true, true}, e.labeled());
        assertEquals(2, e.line());
    }

    @Test
    void shouldSendUnknownCategoryToTheOutOfVocabularySlot() {
        assertArrayEquals(new float[] {50, 0, 0, 1}, read("size,place,price,score,sold\n50,city,1,5,0\n").get(0).inputs());
    }

    @Test
    void shouldLeaveTaskUnlabeledWhenItsCellIsEmpty() {
        Example e = read("size,place,price,score,sold\n50,town,,5,\n").get(0);
        assertFalse(e.hasLabel(0));
        assertTrue(e.hasLabel(1));
        assertEquals(0f, e.labels()[1]);
        assertEquals(0f, e.labels()[2]);
        assertFalse(e.hasLabel(3));
    }

    @Test
    void shouldRejectBinaryLabelThatIsNotZeroOrOne() {
        CsvException e = assertThrows(CsvException.class, () -> read("size,place,price,score,sold\n50,town,1,5,2\n"));
        assertEquals("t.csv:2: column 'sold': label of task sold: '2' is not 0 or 1", e.getMessage());
    }

    @Test
    void shouldRejectValueMissingFromLabelMap() {
        CsvException e = assertThrows(CsvException.class, () -> read("size,place,price,score,sold\n50,town,1,6,1\n"));
        assertTrue(e.getMessage().startsWith("t.csv:2: column 'score': label of task tier: value '6' is not in the label map"),
                e.getMessage());
    }

    @Test
    void shouldRejectNonFiniteAndMissingFeatures() {
        assertEquals("t.csv:2: column 'size': feature size: 'NaN' is not a finite number",
                assertThrows(CsvException.class, () -> read("size,place,price,score,sold\nNaN,town,1,5,1\n")).getMessage());
        assertEquals("t.csv:3: column 'size': feature size: empty; expected a number",
                assertThrows(CsvException.class,
                        () -> read("size,place,price,score,sold\n1,town,1,5,1\n,town,1,5,1\n")).getMessage());
    }
}
