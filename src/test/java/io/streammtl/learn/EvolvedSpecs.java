package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.data.DataFiles;
import io.streammtl.data.csv.CsvReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The wine spec and changed versions of it, for carry-over tests: the shipped spec's text with a task or a feature
 * added or removed, or the trunk changed, and the red-wine rows encoded under any of them.
 */
final class EvolvedSpecs {
    static final String NEW_FEATURE = "  - {name: alcohol_squared_proxy, column: alcohol}\n";
    static final String NEW_TASK = "  - name: very_good\n    kind: binary\n    loss: bce\n    weight: 1.0\n"
            + "    label: {column: quality, threshold: 7}\n";
    private static final String WINE = "classpath:config/wine.yaml";

    private EvolvedSpecs() {
    }

    static String wineText() {
        try (InputStream in = EvolvedSpecs.class.getResourceAsStream("/config/wine.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelConfig wine() {
        return ModelConfigLoader.parse(wineText()).model();
    }

    /** The wine spec with a feature inserted before {@code alcohol} and a third task appended. */
    static ModelConfig withTaskAndFeature() {
        String text = wineText().replace("  - {name: alcohol,", NEW_FEATURE + "  - {name: alcohol,")
                .replace("trunk:", NEW_TASK + "trunk:");
        return ModelConfigLoader.parse(text).model();
    }

    static ModelConfig changed(String from, String to) {
        String text = wineText();
        if (!text.contains(from)) {
            throw new IllegalArgumentException("the wine spec has no '" + from + "'");
        }
        return ModelConfigLoader.parse(text.replace(from, to)).model();
    }

    /** Every red-wine row encoded under {@code config}. */
    static List<Example> rows(ModelConfig config) {
        try (CsvReader reader = DataFiles.open(LearnerStateGolden.DATA,
                ModelConfigLoader.load(Path.of(WINE)).csv())) {
            return RowEncoder.readAll(config, reader);
        }
    }

    /** A learner of {@code config} trained on the first {@code count} rows, in batches. */
    static OnlineLearner trained(ModelConfig config, int count) {
        OnlineLearner learner = new OnlineLearner(config);
        ExampleBatch batch = ExampleBatch.forModel(config);
        for (Example example : rows(config).subList(0, count)) {
            add(batch, example);
            if (batch.isFull()) {
                learner.predictThenLearn(batch);
                batch.clear();
            }
        }
        return learner;
    }

    /** Rows {@code from} to {@code to} (exclusive) of the data under {@code config} as one batch. */
    static ExampleBatch batch(ModelConfig config, int from, int to) {
        ExampleBatch batch = ExampleBatch.forModel(config);
        rows(config).subList(from, to).forEach(e -> add(batch, e));
        return batch;
    }

    private static void add(ExampleBatch batch, Example example) {
        int row = batch.add(example.inputs(), example.featureSet());
        for (int t = 0; t < example.labels().length; t++) {
            if (example.labeled()[t]) {
                batch.label(row, t, example.labels()[t]);
            }
        }
    }
}
