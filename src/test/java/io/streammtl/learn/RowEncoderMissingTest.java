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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Empty CSV cells as missing values, and the feature set each row is read for. */
class RowEncoderMissingTest {
    private static final ModelConfig CONFIG = ModelConfigLoader.parse("""
            features:
              - {name: size}
              - {name: rooms, missing: impute}
              - {name: baths}
              - {name: place, type: categorical, vocabulary: [town, farm], missing: impute}
            tasks:
              - {name: house, kind: regression, features: [size, rooms, baths]}
              - {name: flat, kind: regression, features: [size, rooms, place]}
            """).model();

    private static List<Example> read(String csv) {
        try (CsvReader reader = CsvReader.open(new StringReader(csv), "t.csv", CsvFormat.detect())) {
            return RowEncoder.readAll(CONFIG, reader);
        }
    }

    private static final String HEADER = "size,rooms,baths,place,house,flat\n";

    @Test
    void shouldImputeEmptyCellsOfImputingFeaturesAndIgnoreThoseOutsideTheRowsSet() {
        List<Example> rows = read(HEADER + "100,,2,,300,\n80,3,,farm,,200\n70,2,,,,150\n");
        // size, rooms (value, indicator), baths (value, indicator-free), place (town, farm, OOV, missing)
        assertArrayEquals(new float[] {100, 0, 1, 2, 0, 0, 0, 1}, rows.get(0).inputs(),
                "an imputing feature is marked missing even outside the row's set (its projection never reads it)");
        assertEquals(0, rows.get(0).featureSet());
        assertArrayEquals(new float[] {80, 3, 0, 0, 0, 1, 0, 0}, rows.get(1).inputs());
        assertEquals(1, rows.get(1).featureSet());
        assertArrayEquals(new float[] {70, 2, 0, 0, 0, 0, 0, 1}, rows.get(2).inputs(), "place's missing bucket");
    }

    @Test
    void shouldRejectAnEmptyCellOfARequiredFeatureOfTheRowsSet() {
        CsvException e = assertThrows(CsvException.class, () -> read(HEADER + "100,3,,,300,\n"));
        assertTrue(e.getMessage().contains("feature baths: empty; expected a number"), e.getMessage());
    }

    @Test
    void shouldRejectLabelsOfTwoFeatureSetsInOneRow() {
        CsvException e = assertThrows(CsvException.class, () -> read(HEADER + "100,3,2,town,300,200\n"));
        assertTrue(e.getMessage().contains("labels for tasks with different feature sets (house and flat)"),
                e.getMessage());
    }

    @Test
    void shouldReadAnUnlabeledRowInTheFirstSetHoldingEveryFeatureItCarries() {
        List<Example> rows = read(HEADER + "100,3,,town,,\n100,3,2,,,\n100,,2,,,\n");
        assertEquals(1, rows.get(0).featureSet(), "carries place: the flats' set");
        assertEquals(0, rows.get(1).featureSet(), "carries baths: the houses' set");
        assertEquals(0, rows.get(2).featureSet(), "rooms missing, imputed");
        // Size and rooms alone fit both sets: the first, the houses', which needs baths.
        assertThrows(CsvException.class, () -> read(HEADER + "100,3,,,,\n"));
    }
}
