package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.Example;
import io.streammtl.learn.FeatureLayout;
import io.streammtl.learn.ValueRanges;
import io.streammtl.learn.ValueRejection;
import io.streammtl.model.FeatureSets;

/**
 * Checks an event's fields against the model spec and encodes it as an {@link Example}; anything that could
 * poison the model is an {@link InvalidEventException} naming the reason.
 */
public final class EventValidator {
    private final ModelConfig config;
    private final FeatureLayout layout;
    private final FeatureSets sets;
    private final int numericCount;
    private final TaskWire[] wires;
    private final EventFields scratch;
    private final ValueRanges ranges;
    private final int[][] familyKeys;

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
        this.wires = config.tasks().stream().map(TaskWire::of).toArray(TaskWire[]::new);
        this.scratch = new EventFields(config);
        this.ranges = new ValueRanges(config);
        this.familyKeys = new int[config.tasks().size()][];
        for (int t = 0; t < familyKeys.length; t++) {
            if (config.tasks().get(t).isFamily()) {
                familyKeys[t] = config.tasks().get(t).family().per().stream().mapToInt(scratch.keyFields::indexOf)
                        .toArray();
            }
        }
    }

    /** A value kept from the model (outside its range, or an outlier) as the dead letter it becomes. */
    static InvalidEventException deadLetter(ValueRejection rejection) {
        DeadLetterReason reason = switch (rejection.kind()) {
            case LABEL_OUT_OF_RANGE -> DeadLetterReason.LABEL_OUT_OF_RANGE;
            case FEATURE_OUT_OF_RANGE -> DeadLetterReason.FEATURE_OUT_OF_RANGE;
            case LABEL_OUTLIER -> DeadLetterReason.LABEL_OUTLIER;
            case FEATURE_OUTLIER -> DeadLetterReason.FEATURE_OUTLIER;
        };
        return new InvalidEventException(reason, rejection.detail());
    }

    /** Checks and encodes a decoded record. */
    public Example toExample(LabeledEvent event) {
        return toExample(scratch.fill(event));
    }

    Example toExample(EventFields event) {
        float[] inputs = new float[layout.width()];
        int tasks = config.tasks().size();
        float[] labels = new float[tasks];
        boolean[] labeled = new boolean[tasks];
        if (event.unknownTasks != null) {
            throw new InvalidEventException(DeadLetterReason.UNKNOWN_TASK,
                    "label for task '" + event.unknownTasks.first() + "', which the model does not have");
        }
        for (int t = 0; t < tasks; t++) {
            if (event.labelKind[t] != EventFields.NO_LABEL) {
                labels[t] = label(t, event);
                labeled[t] = true;
            }
        }
        checkFeatureTypes(event);
        int featureSet;
        try {
            featureSet = sets.featureSetOf(labeled, carried(event));
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(DeadLetterReason.MIXED_FEATURE_SETS, e.getMessage());
        }
        encodeNumeric(event, inputs, featureSet);
        encodeCategorical(event, inputs, featureSet);
        Example example = new Example(0, inputs, labels, labeled, featureSet,
                scratch.keyFields.isEmpty() ? null : members(event, labeled));
        // The ranges are checked on the encoded example, with the code the offline evaluation uses, so that both
        // keep the same rows from the model.
        ValueRejection outside = ranges.check(example);
        if (outside != null) {
            throw deadLetter(outside);
        }
        return example;
    }

    /** A categorical feature sent as a number, or a numeric one sent as text, is a wrong type, not an extra feature. */
    private void checkFeatureTypes(EventFields event) {
        for (int f = 0; f < config.features().size(); f++) {
            String name = config.features().get(f).name();
            if (event.numericAsText[f] != null) {
                throw new InvalidEventException(DeadLetterReason.WRONG_FEATURE_TYPE, "feature '" + name
                        + "' is numeric, got text '" + event.numericAsText[f] + "'");
            }
            if (event.hasCategoricalAsNumber[f]) {
                throw new InvalidEventException(DeadLetterReason.WRONG_FEATURE_TYPE, "feature '" + name
                        + "' is categorical, got the number " + event.categoricalAsNumber[f]);
            }
        }
    }

    private boolean[] carried(EventFields event) {
        boolean[] carried = new boolean[config.features().size()];
        for (int f = 0; f < carried.length; f++) {
            carried[f] = layout.isNumeric(f) ? event.hasDense || event.hasNumeric[f] : event.categorical[f] != null;
        }
        return carried;
    }

    /** An absent feature is imputed where the spec says so, ignored outside the event's feature set, else an error. */
    private boolean absentAllowed(int f, int featureSet, float[] inputs) {
        if (layout.imputes(f)) {
            layout.putMissing(inputs, f);
            return true;
        }
        return !sets.contains(featureSet, f);
    }

    private void encodeNumeric(EventFields event, float[] inputs, int featureSet) {
        if (event.hasDense) {
            if (event.numericEntries > 0) {
                throw new InvalidEventException(DeadLetterReason.EXTRA_FEATURE,
                        "both 'dense' and 'numeric' are given; use one");
            }
            if (event.denseLength != numericCount) {
                throw new InvalidEventException(DeadLetterReason.WRONG_DENSE_LENGTH, "'dense' has "
                        + event.denseLength + " values, the model has " + numericCount + " numeric features");
            }
        }
        int next = 0;
        for (int f = 0; f < config.features().size(); f++) {
            if (!layout.isNumeric(f)) {
                continue;
            }
            String name = config.features().get(f).name();
            double value;
            if (event.hasDense) {
                value = event.dense[next++];
            } else if (event.hasNumeric[f]) {
                value = event.numeric[f];
            } else {
                if (absentAllowed(f, featureSet, inputs)) {
                    continue;
                }
                throw new InvalidEventException(DeadLetterReason.MISSING_FEATURE, "numeric feature '" + name + "' is missing");
            }
            if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
                throw new InvalidEventException(DeadLetterReason.NON_FINITE_FEATURE, "feature '" + name + "' is " + value
                        + (Double.isFinite(value) ? ", beyond float range" : ""));
            }
            layout.putNumeric(inputs, f, value);
        }
        if (!event.hasDense && event.unknownNumeric != null) {
            throw new InvalidEventException(DeadLetterReason.EXTRA_FEATURE,
                    "numeric features the model does not have: " + event.unknownNumeric);
        }
    }

    private void encodeCategorical(EventFields event, float[] inputs, int featureSet) {
        for (int f = 0; f < config.features().size(); f++) {
            if (layout.isNumeric(f)) {
                continue;
            }
            String value = event.categorical[f];
            if (value == null) {
                if (absentAllowed(f, featureSet, inputs)) {
                    continue;
                }
                throw new InvalidEventException(DeadLetterReason.MISSING_FEATURE,
                        "categorical feature '" + config.features().get(f).name() + "' is missing");
            }
            layout.putCategory(inputs, f, value);
        }
        if (event.unknownCategorical != null) {
            throw new InvalidEventException(DeadLetterReason.EXTRA_FEATURE,
                    "categorical features the model does not have: " + event.unknownCategorical);
        }
    }

    /**
     * Each family task's member key from the event's categorical map (null for other tasks, and where a key field is
     * absent); a labeled family task without its key is a dead letter, since its label cannot reach its member.
     */
    private String[] members(EventFields event, boolean[] labeled) {
        String[] members = new String[familyKeys.length];
        for (int t = 0; t < familyKeys.length; t++) {
            if (familyKeys[t] == null) {
                continue;
            }
            java.util.List<String> values = new java.util.ArrayList<>(familyKeys[t].length);
            for (int k : familyKeys[t]) {
                String value = event.keyValues[k];
                if (value == null) {
                    if (labeled[t]) {
                        throw new InvalidEventException(DeadLetterReason.MISSING_FAMILY_KEY, "task '"
                                + config.tasks().get(t).name() + "' is labeled but the event has no '"
                                + event.keyFields.get(k) + "' in its categorical map, the family's key field");
                    }
                    values = null;
                    break;
                }
                values.add(value);
            }
            members[t] = values == null ? null : config.tasks().get(t).family().memberKey(values);
        }
        return members;
    }

    private float label(int t, EventFields event) {
        return event.labelKind[t] == EventFields.NUMBER_LABEL ? wires[t].number(event.labelNumber[t])
                : wires[t].text(event.labelText[t]);
    }
}
