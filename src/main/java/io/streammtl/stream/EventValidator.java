package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.FeatureConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskKind;
import io.streammtl.learn.Example;
import io.streammtl.learn.FeatureLayout;
import io.streammtl.model.FeatureSets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a decoded event against the model spec and encodes it as an {@link Example}; anything that could
 * poison the model is an {@link InvalidEventException} naming the reason.
 */
public final class EventValidator {
    private final ModelConfig config;
    private final FeatureLayout layout;
    private final FeatureSets sets;
    private final int numericCount;
    private final Map<String, Integer> taskIndex = new HashMap<>();
    private final List<Map<String, Integer>> classIndex = new java.util.ArrayList<>();

    public EventValidator(ModelConfig config) {
        this.config = config;
        this.layout = new FeatureLayout(config);
        this.sets = new FeatureSets(config);
        int numeric = 0;
        for (int f = 0; f < config.features().size(); f++) {
            if (layout.isNumeric(f)) {
                numeric++;
            }
        }
        this.numericCount = numeric;
        for (int t = 0; t < config.tasks().size(); t++) {
            TaskConfig task = config.tasks().get(t);
            taskIndex.put(task.name(), t);
            Map<String, Integer> classes = new HashMap<>();
            for (int c = 0; c < task.classes().size(); c++) {
                classes.put(task.classes().get(c), c);
            }
            classIndex.add(classes);
        }
    }

    public Example toExample(LabeledEvent event) {
        float[] inputs = new float[layout.width()];
        int tasks = config.tasks().size();
        float[] labels = new float[tasks];
        boolean[] labeled = new boolean[tasks];
        for (Map.Entry<String, Object> entry : event.getLabels().entrySet()) {
            Integer t = taskIndex.get(entry.getKey());
            if (t == null) {
                throw new InvalidEventException(DeadLetterReason.UNKNOWN_TASK,
                        "label for task '" + entry.getKey() + "', which the model does not have");
            }
            labels[t] = label(config.tasks().get(t), t, entry.getValue());
            labeled[t] = true;
        }
        checkFeatureTypes(event);
        int group;
        try {
            group = sets.groupOf(labeled, carried(event));
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(DeadLetterReason.MIXED_FEATURE_SETS, e.getMessage());
        }
        encodeNumeric(event, inputs, group);
        encodeCategorical(event, inputs, group);
        return new Example(0, inputs, labels, labeled, group);
    }

    /** A categorical feature sent as a number, or a numeric one sent as text, is a wrong type, not an extra feature. */
    private void checkFeatureTypes(LabeledEvent event) {
        for (int f = 0; f < config.features().size(); f++) {
            String name = config.features().get(f).name();
            if (layout.isNumeric(f) && event.getCategorical().containsKey(name)) {
                throw new InvalidEventException(DeadLetterReason.WRONG_FEATURE_TYPE, "feature '" + name
                        + "' is numeric, got text '" + event.getCategorical().get(name) + "'");
            }
            if (!layout.isNumeric(f) && event.getNumeric().containsKey(name)) {
                throw new InvalidEventException(DeadLetterReason.WRONG_FEATURE_TYPE, "feature '" + name
                        + "' is categorical, got the number " + event.getNumeric().get(name));
            }
        }
    }

    private boolean[] carried(LabeledEvent event) {
        boolean[] carried = new boolean[config.features().size()];
        for (int f = 0; f < carried.length; f++) {
            String name = config.features().get(f).name();
            carried[f] = layout.isNumeric(f) ? event.getDense() != null || event.getNumeric().containsKey(name)
                    : event.getCategorical().containsKey(name);
        }
        return carried;
    }

    /** An absent feature is imputed where the spec says so, ignored outside the event's feature set, else an error. */
    private boolean absentAllowed(int f, int group, float[] inputs) {
        if (layout.imputes(f)) {
            layout.putMissing(inputs, f);
            return true;
        }
        return !sets.contains(group, f);
    }

    private void encodeNumeric(LabeledEvent event, float[] inputs, int group) {
        List<FeatureConfig> features = config.features();
        Map<String, Double> numeric = event.getNumeric();
        List<Double> dense = event.getDense();
        if (dense != null) {
            if (!numeric.isEmpty()) {
                throw new InvalidEventException(DeadLetterReason.EXTRA_FEATURE,
                        "both 'dense' and 'numeric' are given; use one");
            }
            if (dense.size() != numericCount) {
                throw new InvalidEventException(DeadLetterReason.WRONG_DENSE_LENGTH,
                        "'dense' has " + dense.size() + " values, the model has " + numericCount + " numeric features");
            }
        }
        int next = 0;
        int found = 0;
        for (int f = 0; f < features.size(); f++) {
            if (!layout.isNumeric(f)) {
                continue;
            }
            String name = features.get(f).name();
            Double value = dense != null ? dense.get(next++) : numeric.get(name);
            if (value == null) {
                if (absentAllowed(f, group, inputs)) {
                    continue;
                }
                throw new InvalidEventException(DeadLetterReason.MISSING_FEATURE, "numeric feature '" + name + "' is missing");
            }
            if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
                throw new InvalidEventException(DeadLetterReason.NON_FINITE_FEATURE, "feature '" + name + "' is " + value
                        + (Double.isFinite(value) ? ", beyond float range" : ""));
            }
            layout.putNumeric(inputs, f, value);
            found++;
        }
        if (dense == null && found != numeric.size()) {
            throw new InvalidEventException(DeadLetterReason.EXTRA_FEATURE,
                    "numeric features the model does not have: " + unknownNames(numeric, true));
        }
    }

    private void encodeCategorical(LabeledEvent event, float[] inputs, int group) {
        List<FeatureConfig> features = config.features();
        Map<String, String> categorical = event.getCategorical();
        int found = 0;
        for (int f = 0; f < features.size(); f++) {
            if (layout.isNumeric(f)) {
                continue;
            }
            String name = features.get(f).name();
            String value = categorical.get(name);
            if (value == null) {
                if (absentAllowed(f, group, inputs)) {
                    continue;
                }
                throw new InvalidEventException(DeadLetterReason.MISSING_FEATURE,
                        "categorical feature '" + name + "' is missing");
            }
            layout.putCategory(inputs, f, value);
            found++;
        }
        if (found != categorical.size()) {
            throw new InvalidEventException(DeadLetterReason.EXTRA_FEATURE,
                    "categorical features the model does not have: " + unknownNames(categorical, false));
        }
    }

    private String unknownNames(Map<String, ?> given, boolean numeric) {
        java.util.Set<String> known = new java.util.HashSet<>();
        for (int f = 0; f < config.features().size(); f++) {
            if (layout.isNumeric(f) == numeric) {
                known.add(config.features().get(f).name());
            }
        }
        return given.keySet().stream().filter(k -> !known.contains(k)).sorted().toList().toString();
    }

    private float label(TaskConfig task, int t, Object value) {
        String name = task.name();
        switch (task.kind()) {
            case REGRESSION, BINARY -> {
                if (!(value instanceof Double number)) {
                    throw new InvalidEventException(DeadLetterReason.WRONG_LABEL_TYPE,
                            "task '" + name + "' takes a number, got '" + value + "'");
                }
                if (!Double.isFinite(number)) {
                    throw new InvalidEventException(DeadLetterReason.NON_FINITE_LABEL,
                            "label of task '" + name + "' is " + number);
                }
                if (task.kind() == TaskKind.BINARY && number != 0 && number != 1) {
                    throw new InvalidEventException(DeadLetterReason.BINARY_LABEL_NOT_0_1,
                            "label of binary task '" + name + "' is " + number + ", expected 0 or 1");
                }
                if (Math.abs(number) > Float.MAX_VALUE) {
                    throw new InvalidEventException(DeadLetterReason.NON_FINITE_LABEL,
                            "label of task '" + name + "' is " + number + ", beyond float range");
                }
                return number.floatValue();
            }
            default -> {
                if (!(value instanceof CharSequence text)) {
                    throw new InvalidEventException(DeadLetterReason.WRONG_LABEL_TYPE,
                            "task '" + name + "' takes a class name, got " + value);
                }
                Integer index = classIndex.get(t).get(text.toString());
                if (index == null) {
                    throw new InvalidEventException(DeadLetterReason.UNKNOWN_CLASS, "'" + text
                            + "' is not a class of task '" + name + "' (" + String.join(", ", task.classes()) + ")");
                }
                return index;
            }
        }
    }
}
