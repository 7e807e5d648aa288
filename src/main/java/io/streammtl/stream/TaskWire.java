package io.streammtl.stream;

import io.streammtl.avro.TaskPrediction;
import io.streammtl.config.LabelSource;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.ValueRanges;
import io.streammtl.learn.ValueRejection;
import org.apache.avro.io.BinaryEncoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each kind of task looks like on the wire, in one place per kind: how its Avro label (a number or a class
 * name) becomes the float the learner takes, or the dead letter it is, and how its prediction is written;
 * {@link #of} is the only switch on the kind. One instance per task, built once (the label and prediction
 * methods run per event and allocate nothing).
 */
public sealed interface TaskWire permits TaskWire.Regression, TaskWire.Binary, TaskWire.Multiclass {

    /** The wire type of {@code task}'s kind. */
    static TaskWire of(TaskConfig task) {
        return switch (task.kind()) {
            case REGRESSION -> new Regression(task);
            case BINARY -> new Binary(task.name(), task.label() instanceof LabelSource.Positive p ? p.values() : null);
            case MULTICLASS -> new Multiclass(task.name(), task.classes());
        };
    }

    /**
     * The encoded label of an Avro label value ({@code Double} or {@code CharSequence}, as in
     * {@code LabeledEvent.labels} and {@code LabelEvent.labels}), its {@code label_range} checked; an unusable one
     * is an {@link InvalidEventException} with the dead-letter reason and message of the event path.
     */
    default float label(Object value) {
        return value instanceof Double number ? number(number) : text(String.valueOf(value));
    }

    /** A label sent as a number, encoded (its {@code label_range} is checked on the whole example, not here). */
    float number(double value);

    /** A label sent as text, encoded. */
    float text(CharSequence value);

    /** The Avro label value of an encoded label (what an event built from a table row carries). */
    Object avroLabel(float encoded);

    /** The truth and the predicted outputs ({@code [truth, outputs...]}) of a sent label and its prediction. */
    double[] truthAndPrediction(Object label, TaskPrediction prediction);

    /** Writes one TaskPrediction: four nullable fields (value, probability, class_probabilities, predicted_class). */
    void writePrediction(BinaryEncoder e, BatchPredictions predictions, int t, int row) throws IOException;

    private static InvalidEventException wrongType(String task, String expected, Object got) {
        return new InvalidEventException(DeadLetterReason.WRONG_LABEL_TYPE, "task '" + task + "' takes " + expected
                + ", got " + got);
    }

    private static void requireFinite(String task, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidEventException(DeadLetterReason.NON_FINITE_LABEL, "label of task '" + task + "' is " + value);
        }
    }

    /** A number, written as its value. */
    final class Regression implements TaskWire {
        private final TaskConfig config;
        private final String task;

        Regression(TaskConfig task) {
            this.config = task;
            this.task = task.name();
        }

        @Override
        public float label(Object value) {
            float encoded = TaskWire.super.label(value);
            ValueRejection outside = ValueRanges.checkLabel(config, encoded);
            if (outside != null) {
                throw EventValidator.deadLetter(outside);
            }
            return encoded;
        }

        @Override
        public float number(double value) {
            requireFinite(task, value);
            if (Math.abs(value) > Float.MAX_VALUE) {
                throw new InvalidEventException(DeadLetterReason.NON_FINITE_LABEL,
                        "label of task '" + task + "' is " + value + ", beyond float range");
            }
            return (float) value;
        }

        @Override
        public float text(CharSequence value) {
            throw wrongType(task, "a number", "'" + value + "'");
        }

        @Override
        public Object avroLabel(float encoded) {
            return (double) encoded;
        }

        @Override
        public double[] truthAndPrediction(Object label, TaskPrediction prediction) {
            return new double[] {(Double) label, prediction.getValue()};
        }

        @Override
        public void writePrediction(BinaryEncoder e, BatchPredictions predictions, int t, int row) throws IOException {
            e.writeIndex(1);
            e.writeDouble(predictions.value(t, row));
            e.writeIndex(0);
            e.writeIndex(0);
            e.writeIndex(0);
        }
    }

    /**
     * 0 or 1 — or, when the task's label source names positive values ({@code label: {positive: UP}}), text: a
     * positive value is 1, any other 0 — written as P(1) and the class ('0' or '1') at probability 0.5.
     */
    final class Binary implements TaskWire {
        private final String task;
        private final Set<String> positives;
        private final byte[] positive = {'1'};
        private final byte[] negative = {'0'};

        Binary(String task, Set<String> positives) {
            this.task = task;
            this.positives = positives;
        }

        @Override
        public float number(double value) {
            requireFinite(task, value);
            if (value != 0 && value != 1) {
                throw new InvalidEventException(DeadLetterReason.BINARY_LABEL_NOT_0_1,
                        "label of binary task '" + task + "' is " + value + ", expected 0 or 1");
            }
            return (float) value;
        }

        @Override
        public float text(CharSequence value) {
            if (positives == null) {
                throw wrongType(task, "a number", "'" + value + "'");
            }
            return positives.contains(value.toString()) ? 1f : 0f;
        }

        @Override
        public Object avroLabel(float encoded) {
            return (double) encoded;
        }

        @Override
        public double[] truthAndPrediction(Object label, TaskPrediction prediction) {
            double truth = label instanceof Double number ? number : text((CharSequence) label);
            return new double[] {truth, prediction.getProbability()};
        }

        @Override
        public void writePrediction(BinaryEncoder e, BatchPredictions predictions, int t, int row) throws IOException {
            double p = predictions.value(t, row);
            e.writeIndex(0);
            e.writeIndex(1);
            e.writeDouble(p);
            e.writeIndex(0);
            e.writeIndex(1);
            e.writeBytes(p >= 0.5 ? positive : negative);
        }
    }

    /** One of named classes, sent as its name (encoded as its index), written as every class's probability. */
    final class Multiclass implements TaskWire {
        private final String task;
        private final List<String> classes;
        private final Map<String, Integer> indexOfClass = new HashMap<>();
        // Names in UTF-8 once, not per prediction (Avro's writeString(String) encodes and allocates every call).
        private final byte[][] classNames;

        Multiclass(String task, List<String> classes) {
            this.task = task;
            this.classes = List.copyOf(classes);
            this.classNames = new byte[classes.size()][];
            for (int c = 0; c < classes.size(); c++) {
                indexOfClass.put(classes.get(c), c);
                classNames[c] = classes.get(c).getBytes(StandardCharsets.UTF_8);
            }
        }

        @Override
        public float number(double value) {
            throw wrongType(task, "a class name", value);
        }

        @Override
        public float text(CharSequence value) {
            Integer index = indexOfClass.get(value.toString());
            if (index == null) {
                throw new InvalidEventException(DeadLetterReason.UNKNOWN_CLASS, "'" + value
                        + "' is not a class of task '" + task + "' (" + String.join(", ", classes) + ")");
            }
            return index;
        }

        @Override
        public Object avroLabel(float encoded) {
            return classes.get((int) encoded);
        }

        @Override
        public double[] truthAndPrediction(Object label, TaskPrediction prediction) {
            double[] pair = new double[1 + classes.size()];
            pair[0] = indexOfClass.getOrDefault(label.toString(), -1);
            for (int c = 0; c < classes.size(); c++) {
                pair[1 + c] = prediction.getClassProbabilities().get(classes.get(c));
            }
            return pair;
        }

        @Override
        public void writePrediction(BinaryEncoder e, BatchPredictions predictions, int t, int row) throws IOException {
            e.writeIndex(0);
            e.writeIndex(0);
            e.writeIndex(1);
            e.writeMapStart();
            e.setItemCount(classNames.length);
            int best = 0;
            for (int c = 0; c < classNames.length; c++) {
                float p = predictions.probability(t, row, c);
                e.startItem();
                e.writeBytes(classNames[c]);
                e.writeDouble(p);
                if (p > predictions.probability(t, row, best)) {
                    best = c;
                }
            }
            e.writeMapEnd();
            e.writeIndex(1);
            e.writeBytes(classNames[best]);
        }
    }
}
