package io.streammtl.learn;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.data.csv.CsvException;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.data.csv.CsvRow;
import io.streammtl.model.FeatureSets;

import java.util.List;

/**
 * Maps the rows of a table to encoded examples as the model spec says: numeric features parsed, categorical
 * ones one-hot over their vocabulary (unknown values to the out-of-vocabulary slot), labels from a
 * column, a threshold or a value map; an empty label cell leaves that task unlabeled. A family task's member key is
 * the values of its key columns ({@code per}) joined by {@code /}.
 */
public final class RowEncoder {
    private final ModelConfig config;
    private final String source;
    private final int[] featureColumns;
    private final int[] labelColumns;
    private final FeatureLayout layout;
    private final FeatureSets sets;
    private final TaskType[] types;
    private final int[][] keyColumns;
    private final boolean families;

    /** Resolves every column the spec names against the reader's header; a missing one is a CsvException. */
    public RowEncoder(ModelConfig config, CsvReader reader) {
        this.config = config;
        this.source = reader.source();
        List<FeatureConfig> features = config.features();
        this.featureColumns = new int[features.size()];
        this.layout = new FeatureLayout(config);
        this.sets = new FeatureSets(config);
        for (int f = 0; f < features.size(); f++) {
            featureColumns[f] = reader.requireColumn(features.get(f).column());
        }
        List<TaskConfig> tasks = config.tasks();
        this.labelColumns = new int[tasks.size()];
        this.types = new TaskType[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            labelColumns[t] = reader.requireColumn(tasks.get(t).label().column());
            types[t] = TaskType.of(tasks.get(t));
        }
        this.keyColumns = new int[tasks.size()][];
        boolean any = false;
        for (int t = 0; t < tasks.size(); t++) {
            if (tasks.get(t).isFamily()) {
                keyColumns[t] = tasks.get(t).family().per().stream().mapToInt(reader::requireColumn).toArray();
                any = true;
            }
        }
        this.families = any;
    }

    /** Reads every remaining row of {@code reader} into examples. */
    public static List<Example> readAll(ModelConfig config, CsvReader reader) {
        RowEncoder encoder = new RowEncoder(config, reader);
        List<Example> out = new java.util.ArrayList<>();
        for (CsvRow row = reader.next(); row != null; row = reader.next()) {
            out.add(encoder.encode(row));
        }
        return out;
    }

    /** The row's raw text for feature {@code f} (categorical values travel as text in events). */
    public String rawFeature(CsvRow row, int f) {
        return row.field(featureColumns[f]).trim();
    }

    /**
     * Encodes one row; a bad value is a CsvException naming source, line and column. An empty cell is a missing
     * value: imputed where the feature says so, ignored for a feature outside the row's feature set, else an error.
     */
    public Example encode(CsvRow row) {
        float[] inputs = new float[layout.width()];
        List<FeatureConfig> features = config.features();
        List<TaskConfig> tasks = config.tasks();
        float[] labels = new float[tasks.size()];
        boolean[] labeled = new boolean[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            String text = row.field(labelColumns[t]).trim();
            if (!text.isEmpty()) {
                labels[t] = label(row, tasks.get(t), t, text);
                labeled[t] = true;
            }
        }
        boolean[] carried = new boolean[features.size()];
        for (int f = 0; f < features.size(); f++) {
            carried[f] = !row.field(featureColumns[f]).trim().isEmpty();
        }
        int featureSet;
        try {
            featureSet = sets.featureSetOf(labeled, carried);
        } catch (IllegalArgumentException e) {
            throw CsvException.at(source, row.line(), tasks.get(0).label().column(), e.getMessage());
        }
        for (int f = 0; f < features.size(); f++) {
            FeatureConfig feature = features.get(f);
            String text = row.field(featureColumns[f]).trim();
            if (text.isEmpty() && (layout.imputes(f) || !sets.contains(featureSet, f))) {
                if (layout.imputes(f)) {
                    layout.putMissing(inputs, f);
                }
            } else if (layout.isNumeric(f)) {
                layout.putNumeric(inputs, f, number(row, feature.column(), text, "feature " + feature.name()));
            } else if (text.isEmpty()) {
                throw error(row, feature.column(), "feature " + feature.name()
                        + ": empty; declare missing: impute to give missing values their own bucket");
            } else {
                layout.putCategory(inputs, f, text);
            }
        }
        return new Example(row.line(), inputs, labels, labeled, featureSet, families ? members(row, labeled) : null);
    }

    /** Each family task's member key; a labeled family task needs every key cell. */
    private String[] members(CsvRow row, boolean[] labeled) {
        List<TaskConfig> tasks = config.tasks();
        String[] keys = new String[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            if (keyColumns[t] == null) {
                continue;
            }
            List<String> values = new java.util.ArrayList<>();
            for (int c = 0; c < keyColumns[t].length; c++) {
                String text = row.field(keyColumns[t][c]).trim();
                if (text.isEmpty()) {
                    if (labeled[t]) {
                        throw error(row, tasks.get(t).family().per().get(c), "family task " + tasks.get(t).name()
                                + ": the member key is empty; a labeled row of a family needs its key");
                    }
                    values = null;
                    break;
                }
                values.add(text);
            }
            keys[t] = values == null ? null : tasks.get(t).family().memberKey(values);
        }
        return keys;
    }

    private float label(CsvRow row, TaskConfig task, int t, String text) {
        try {
            return types[t].tableLabel(text, task);
        } catch (IllegalArgumentException e) {
            throw error(row, task.label().column(), "label of task " + task.name() + ": " + e.getMessage());
        }
    }

    private double number(CsvRow row, String column, String text, String what) {
        try {
            return TableNumbers.finite(text);
        } catch (IllegalArgumentException e) {
            throw error(row, column, what + ": " + e.getMessage());
        }
    }

    private CsvException error(CsvRow row, String column, String detail) {
        return CsvException.at(source, row.line(), column, detail);
    }
}
