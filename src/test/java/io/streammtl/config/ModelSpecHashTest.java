package io.streammtl.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSpecHashTest {
    private static final String SPEC = """
            name: h
            features: [{name: a}, {name: b}]
            tasks:
              - {name: y, kind: regression}
              - {name: c, kind: multiclass, classes: [lo, hi], label: {column: y, map: {"1": lo, "2": hi, "3": hi}}}
            optimizer: {kind: adam, lr: 0.001}
            metrics: {window: 100, port: 9400}
            kafka: {input_topics: [h-events], predictions_topic: h-predictions}
            """;

    private static String hash(String yaml) {
        return ModelSpecHash.of(ModelConfigLoader.parse(yaml).model());
    }

    @Test
    void shouldKeepTheHashWhenATopicIsRenamedOrThePortChanges() {
        String renamed = SPEC.replace("predictions_topic: h-predictions", "predictions_topic: renamed")
                .replace("input_topics: [h-events]", "input_topics: [other-events]")
                .replace("port: 9400", "port: 9500");
        assertEquals(hash(SPEC), hash(renamed));
    }

    @Test
    void shouldKeepTheHashWhenCsvSettingsChange() {
        assertEquals(hash(SPEC), hash(SPEC + "csv: {delimiter: ';'}\n"));
    }

    @Test
    void shouldChangeTheHashWhenTheLearningRateChanges() {
        assertNotEquals(hash(SPEC), hash(SPEC.replace("lr: 0.001", "lr: 0.002")));
    }

    @Test
    void shouldChangeTheHashWhenThePrequentialWindowChanges() {
        assertNotEquals(hash(SPEC), hash(SPEC.replace("window: 100", "window: 200")));
    }

    @Test
    void shouldKeepTheHashWhenMapEntriesComeInAnotherOrder() {
        String reordered = SPEC.replace("{\"1\": lo, \"2\": hi, \"3\": hi}", "{\"3\": hi, \"1\": lo, \"2\": hi}");
        assertEquals(hash(SPEC), hash(reordered));
    }

    @Test
    void shouldRenderOnlyTheModelSpec() {
        String canonical = ModelSpecHash.canonical(ModelConfigLoader.parse(SPEC).model());
        assertTrue(canonical.contains("\"learningRate\":0.001"), canonical);
        assertFalse(canonical.contains("h-predictions"), canonical);
        assertFalse(canonical.contains("9400"), canonical);
    }
}
