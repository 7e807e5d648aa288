package io.streammtl.learn;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.LabelSource;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.data.csv.CsvException;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.data.csv.CsvRow;
import io.streammtl.model.FeatureSets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the rows of a table to encoded examples as the model spec says: numeric features parsed, categorical
 * ones one-hot over their vocabulary (unknown values to the out-of-vocabulary slot), labels from a
 * column, a threshold or a value map; an empty label cell leaves that task unlabeled.
 */
public final class RowEncoder {
    private final ModelConfig config;
    private final String source;
    private final int[] featureColumns;
    private final int[] labelColumns;
    private final FeatureLayout layout;
    private final FeatureSets sets;
    private final List<Map<String, Integer>> classIndex;

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
        this.classIndex = new java.util.ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            labelColumns[t] = reader.requireColumn(tasks.get(t).label().column());
            Map<String, Integer> index = new HashMap<>();
            for (int c = 0; c < tasks.get(t).classes().size(); c++) {
                index.put(tasks.get(t).classes().get(c), c);
            }
            classIndex.add(index);
        }
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
        return new Example(row.line(), inputs, labels, labeled, featureSet);
    }

    private float label(CsvRow row, TaskConfig task, int t, String text) {
        LabelSource source = task.label();
        String what = "label of task " + task.name();
        return switch (task.kind()) {
            case REGRESSION -> (float) number(row, source.column(), text, what);
            case BINARY -> {
                double value = number(row, source.column(), text, what);
                if (source instanceof LabelSource.Threshold threshold) {
                    yield value >= threshold.threshold() ? 1f : 0f;
                }
                if (value != 0 && value != 1) {
                    throw error(row, source.column(), what + ": '" + text + "' is not 0 or 1");
                }
                yield (float) value;
            }
            case MULTICLASS -> {
                String className = text;
                if (source instanceof LabelSource.ValueMap map) {
                    className = mapped(map.classByValue(), text);
                    if (className == null) {
                        throw error(row, source.column(), what + ": value '" + text
                                + "' is not in the label map (keys: " + String.join(", ", map.classByValue().keySet())
                                + ")");
                    }
                }
                Integer index = classIndex.get(t).get(className);
                if (index == null) {
                    throw error(row, source.column(), what + ": '" + className + "' is not one of "
                            + String.join(", ", task.classes()));
                }
                yield index;
            }
        };
    }

    /** Looks a value up by text, then by numeric value, so that "5.0" finds the key "5". */
    private static String mapped(Map<String, String> classByValue, String text) {
        String direct = classByValue.get(text);
        if (direct != null) {
            return direct;
        }
        Double value = parse(text);
        if (value == null) {
            return null;
        }
        for (Map.Entry<String, String> entry : classByValue.entrySet()) {
            Double key = parse(entry.getKey());
            if (key != null && key.doubleValue() == value) {
                return entry.getValue();
            }
        }
        return null;
    }

    private double number(CsvRow row, String column, String text, String what) {
        if (text.isEmpty()) {
            throw error(row, column, what + ": empty; expected a number");
        }
        Double value = parse(text);
        if (value == null) {
            throw error(row, column, what + ": '" + text + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw error(row, column, what + ": '" + text + "' is not a finite number");
        }
        return value;
    }

    private static Double parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private CsvException error(CsvRow row, String column, String detail) {
        return CsvException.at(source, row.line(), column, detail);
    }
}
