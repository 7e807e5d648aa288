package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfig;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fields of one input event as read, with feature and task names resolved to their places in the model spec:
 * what {@link EventValidator} checks, whether the event came off the wire through {@link LabeledEventReader} or
 * from a decoded {@link LabeledEvent}. One instance is refilled per event (it is on the per-event path).
 */
final class EventFields {
    static final byte NO_LABEL = 0;
    static final byte NUMBER_LABEL = 1;
    static final byte TEXT_LABEL = 2;

    final Utf8Names features;
    final Utf8Names tasks;
    private final boolean[] numericFeature;

    byte[] id;
    String model;
    long eventTime;
    /** Values of numeric features sent in the numeric map, by feature index. */
    final double[] numeric;
    final boolean[] hasNumeric;
    /** Categorical values by feature index; null where absent. */
    final String[] categorical;
    /** A numeric feature sent as text (in the categorical map), by feature index. */
    final String[] numericAsText;
    /** A categorical feature sent as a number (in the numeric map), by feature index. */
    final double[] categoricalAsNumber;
    final boolean[] hasCategoricalAsNumber;
    int numericEntries;
    /** Whether a categorical value, a wrong-typed feature or a text label was set since the last reset. */
    private boolean rarelySet;
    boolean hasDense;
    double[] dense = new double[16];
    int denseLength;
    final byte[] labelKind;
    final double[] labelNumber;
    final String[] labelText;
    /** Names that the spec does not have; null while there are none (the common case). */
    TreeSet<String> unknownNumeric;
    TreeSet<String> unknownCategorical;
    TreeSet<String> unknownTasks;
    /** The task families' key fields, in first-use order; their values by that index, null where absent. */
    final List<String> keyFields;
    final String[] keyValues;
    private final java.util.Map<String, Integer> keyIndex = new java.util.HashMap<>();
    /** The key-field index of each feature (a categorical feature may also key a family), -1 for none. */
    private final int[] featureKey;

    EventFields(ModelConfig config) {
        List<String> featureNames = config.features().stream().map(f -> f.name()).toList();
        this.features = new Utf8Names(featureNames);
        this.tasks = new Utf8Names(config.tasks().stream().map(t -> t.name()).toList());
        int count = featureNames.size();
        this.numericFeature = new boolean[count];
        for (int f = 0; f < count; f++) {
            numericFeature[f] = config.features().get(f).type() == io.streammtl.config.FeatureType.NUMERIC;
        }
        this.numeric = new double[count];
        this.hasNumeric = new boolean[count];
        this.categorical = new String[count];
        this.numericAsText = new String[count];
        this.categoricalAsNumber = new double[count];
        this.hasCategoricalAsNumber = new boolean[count];
        int taskCount = config.tasks().size();
        this.labelKind = new byte[taskCount];
        this.labelNumber = new double[taskCount];
        this.labelText = new String[taskCount];
        this.keyFields = config.tasks().stream().filter(t -> t.isFamily()).flatMap(t -> t.family().per().stream())
                .distinct().toList();
        this.keyValues = new String[keyFields.size()];
        for (int k = 0; k < keyFields.size(); k++) {
            keyIndex.put(keyFields.get(k), k);
        }
        this.featureKey = new int[count];
        for (int f = 0; f < count; f++) {
            featureKey[f] = keyIndex.getOrDefault(featureNames.get(f), -1);
        }
    }

    void reset() {
        id = null;
        model = null;
        eventTime = 0;
        java.util.Arrays.fill(hasNumeric, false);
        java.util.Arrays.fill(labelKind, NO_LABEL);
        // Arrays that most events never touch are cleared only when one did (this runs once per event).
        if (rarelySet) {
            java.util.Arrays.fill(categorical, null);
            java.util.Arrays.fill(numericAsText, null);
            java.util.Arrays.fill(hasCategoricalAsNumber, false);
            java.util.Arrays.fill(labelText, null);
            java.util.Arrays.fill(keyValues, null);
            rarelySet = false;
        }
        numericEntries = 0;
        hasDense = false;
        denseLength = 0;
        unknownNumeric = null;
        unknownCategorical = null;
        unknownTasks = null;
    }

    /** An entry of the numeric map; {@code feature} is -1 for a name the spec does not have. */
    void numericEntry(int feature, String unknownName, double value) {
        numericEntries++;
        if (feature < 0) {
            unknownNumeric = add(unknownNumeric, unknownName);
        } else if (numericFeature[feature]) {
            numeric[feature] = value;
            hasNumeric[feature] = true;
        } else {
            rarelySet = true;
            categoricalAsNumber[feature] = value;
            hasCategoricalAsNumber[feature] = true;
        }
    }

    /**
     * An entry of the categorical map; {@code feature} is -1 for a name that is no feature (a family's key field, or
     * a name the spec does not have).
     */
    void categoricalEntry(int feature, String unknownName, String value) {
        rarelySet = true;
        int key = feature < 0 ? keyIndex.getOrDefault(unknownName, -1) : featureKey[feature];
        if (key >= 0) {
            keyValues[key] = value;
        }
        if (feature < 0) {
            if (key < 0) {
                unknownCategorical = add(unknownCategorical, unknownName);
            }
        } else if (numericFeature[feature]) {
            numericAsText[feature] = value;
        } else {
            categorical[feature] = value;
        }
    }

    void denseValue(double value) {
        if (denseLength == dense.length) {
            dense = java.util.Arrays.copyOf(dense, dense.length * 2);
        }
        dense[denseLength++] = value;
    }

    /** A numeric label; {@code task} is -1 for a task the spec does not have. */
    void numberLabel(int task, String unknownName, double value) {
        if (task < 0) {
            unknownTasks = add(unknownTasks, unknownName);
        } else {
            labelKind[task] = NUMBER_LABEL;
            labelNumber[task] = value;
            labelText[task] = null;
        }
    }

    /** A text (class name) label; {@code task} is -1 for a task the spec does not have. */
    void textLabel(int task, String unknownName, String value) {
        if (task < 0) {
            unknownTasks = add(unknownTasks, unknownName);
        } else {
            rarelySet = true;
            labelKind[task] = TEXT_LABEL;
            labelText[task] = value;
        }
    }

    private static TreeSet<String> add(TreeSet<String> names, String name) {
        TreeSet<String> out = names == null ? new TreeSet<>() : names;
        out.add(name);
        return out;
    }

    /** Refills these fields from a decoded record (an event of an older schema version, or one built in code). */
    EventFields fill(LabeledEvent event) {
        reset();
        id = event.getId().getBytes(StandardCharsets.UTF_8);
        model = event.getModel();
        eventTime = event.getEventTime().toEpochMilli();
        for (Map.Entry<String, Double> entry : event.getNumeric().entrySet()) {
            numericEntry(features.indexOf(entry.getKey()), entry.getKey(), entry.getValue());
        }
        if (event.getDense() != null) {
            hasDense = true;
            for (Double value : event.getDense()) {
                denseValue(value);
            }
        }
        for (Map.Entry<String, String> entry : event.getCategorical().entrySet()) {
            categoricalEntry(features.indexOf(entry.getKey()), entry.getKey(), entry.getValue());
        }
        for (Map.Entry<String, Object> entry : event.getLabels().entrySet()) {
            int task = tasks.indexOf(entry.getKey());
            if (entry.getValue() instanceof Double number) {
                numberLabel(task, entry.getKey(), number);
            } else {
                textLabel(task, entry.getKey(), String.valueOf(entry.getValue()));
            }
        }
        return this;
    }
}
