package io.streammtl.learn;

import io.streammtl.config.ConfigOverride;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.data.DataFiles;
import io.streammtl.data.csv.CsvReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeded runs behind the checked-in learner snapshots: the wine spec trained on the shipped red-wine rows, with
 * drift detectors on. {@link LearnerStateGoldenTest} rewrites the files when run with
 * {@code -Dstreammtl.golden.write=true}; the test itself only restores them, so it does not depend on training
 * giving the same bits on every machine.
 */
enum LearnerStateGolden {
    /** ADWIN on quality, DDM on good, no response (the default when it was written), after {@link #TRAINED_ROWS} rows. */
    WINE_DRIFT("wine-drift", List.of("tasks.quality.drift.detector=adwin", "tasks.good.drift.detector=ddm",
            "tasks.quality.drift.response=none", "tasks.good.drift.response=none")),
    /**
     * DDM on good with the background-head response; the good labels flip after {@link #TRAINED_ROWS} rows, and
     * training stops at the first step that leaves a background head in flight.
     */
    WINE_BACKGROUND("wine-background", List.of("tasks.good.drift.detector=ddm",
            "tasks.good.drift.response=background_head")),
    /**
     * Quality as a family keyed by the pH column, at most {@link #FAMILY_MAX_MEMBERS} members (so eviction has
     * happened), after the first {@link #TRAINED_ROWS} rows.
     */
    WINE_FAMILY("wine-family", List.of("tasks.quality.per=pH",
            "tasks.quality.family.max_members=" + LearnerStateGolden.FAMILY_MAX_MEMBERS));

    static final String DATA = "classpath:data/wine/winequality-red.csv";
    static final int TRAINED_ROWS = 320;
    /** The last rows of the data, never trained on, predicted by the restored learner. */
    static final int HELD_ROWS = 8;
    static final int GOOD = 1;
    static final int FAMILY_MAX_MEMBERS = 16;

    private final String name;
    private final List<String> overrides;

    LearnerStateGolden(String name, List<String> overrides) {
        this.name = name;
        this.overrides = overrides;
    }

    ModelConfig config() {
        return ModelConfigLoader.load(Path.of("classpath:config/wine.yaml"),
                overrides.stream().map(ConfigOverride::parse).toList()).model();
    }

    String snapshotResource() {
        return "/state/" + name + "-v" + SnapshotCodec.VERSION + ".bin";
    }

    String predictionsResource() {
        return "/state/" + name + "-v" + SnapshotCodec.VERSION + ".predictions.txt";
    }

    Path source(String resource) {
        return Path.of("src/test/resources" + resource);
    }

    List<Example> rows() {
        try (CsvReader reader = DataFiles.open(DATA, ModelConfigLoader.load(Path.of("classpath:config/wine.yaml")).csv())) {
            return RowEncoder.readAll(config(), reader);
        }
    }

    List<Example> heldRows() {
        List<Example> rows = rows();
        return rows.subList(rows.size() - HELD_ROWS, rows.size());
    }

    /** The seeded run; the same on every run on one machine. */
    OnlineLearner train() {
        OnlineLearner learner = new OnlineLearner(config());
        List<Example> rows = rows();
        ExampleBatch batch = ExampleBatch.forModel(learner.config());
        for (int i = 0; i < rows.size() - HELD_ROWS; i++) {
            boolean flip = this == WINE_BACKGROUND && i >= TRAINED_ROWS;
            add(batch, rows.get(i), flip);
            if (batch.isFull()) {
                learner.predictThenLearn(batch);
                batch.clear();
                if (this != WINE_BACKGROUND ? i + 1 >= TRAINED_ROWS : flip && learner.backend().heads().hasBackgroundHead(GOOD)) {
                    return learner;
                }
            }
        }
        throw new IllegalStateException(name + ": the run ended without reaching its state");
    }

    /** The held rows as one batch. */
    ExampleBatch heldBatch(ModelConfig config) {
        ExampleBatch batch = ExampleBatch.forModel(config);
        for (Example example : heldRows()) {
            add(batch, example, false);
        }
        return batch;
    }

    private static void add(ExampleBatch batch, Example example, boolean flipGood) {
        int row = batch.add(example);
        for (int t = 0; t < example.labels().length; t++) {
            if (example.labeled()[t]) {
                float label = example.labels()[t];
                batch.label(row, t, flipGood && t == GOOD ? 1 - label : label);
            }
        }
    }

    /** Per held row, every task's outputs as exact hex floats, one row a line. */
    String predictionsText(OnlineLearner learner) {
        ModelConfig config = learner.config();
        BatchPredictions predictions = learner.predict(heldBatch(config));
        StringBuilder text = new StringBuilder("# " + name + " v" + SnapshotCodec.VERSION + ": model version "
                + learner.counters().applied() + "; the last " + HELD_ROWS + " rows of " + DATA
                + ", per row each task's outputs (Float.toHexString)\n");
        for (int r = 0; r < predictions.rows(); r++) {
            for (int t = 0; t < config.tasks().size(); t++) {
                int width = config.tasks().get(t).outputs();
                for (int c = 0; c < width; c++) {
                    text.append(t + c == 0 ? "" : " ").append(Float.toHexString(predictions.outputs(t)[r * width + c]));
                }
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** The stored predictions: per held row, every task's outputs in order. */
    List<float[]> storedPredictions() throws IOException {
        return predictions(resource(predictionsResource()));
    }

    /** A predictions file as {@link #predictionsText} writes it: per row, every task's outputs in order. */
    static List<float[]> predictions(byte[] text) {
        List<float[]> rows = new ArrayList<>();
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.trim().split(" ");
            float[] values = new float[fields.length];
            for (int i = 0; i < fields.length; i++) {
                values[i] = Float.parseFloat(fields[i]);
            }
            rows.add(values);
        }
        return rows;
    }

    byte[] storedSnapshot() throws IOException {
        return resource(snapshotResource());
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = LearnerStateGolden.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the test resources");
            }
            return in.readAllBytes();
        }
    }
}
