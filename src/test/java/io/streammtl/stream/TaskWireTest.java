package io.streammtl.stream;

import io.streammtl.avro.TaskPrediction;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each task kind's wire behaviour lives in its {@link TaskWire}: an Avro label in, its encoded float or dead letter. */
class TaskWireTest {
    private final ModelConfig config = ModelConfigLoader.parse("""
            features: [{name: a}]
            tasks:
              - {name: y, kind: regression, label_range: {min: 0, max: 10}}
              - {name: p, kind: binary}
              - {name: c, kind: multiclass, classes: [red, green, blue]}
            """).model();
    private final TaskWire regression = TaskWire.of(config.tasks().get(0));
    private final TaskWire binary = TaskWire.of(config.tasks().get(1));
    private final TaskWire multiclass = TaskWire.of(config.tasks().get(2));

    private static String rejected(DeadLetterReason reason, TaskWire wire, Object value) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> wire.label(value));
        assertEquals(reason, e.reason());
        return e.getMessage();
    }

    @Test
    void shouldMapEachKindToItsOwnType() {
        assertInstanceOf(TaskWire.Regression.class, regression);
        assertInstanceOf(TaskWire.Binary.class, binary);
        assertInstanceOf(TaskWire.Multiclass.class, multiclass);
    }

    @Test
    void shouldEncodeNumbersAndClassNamesWhateverCharSequenceCarriesThem() {
        assertEquals(2.5f, regression.label(2.5));
        assertEquals(1f, binary.label(1.0));
        assertEquals(2f, multiclass.label("blue"));
        assertEquals(1f, multiclass.label(new Utf8("green")));
    }

    @Test
    void shouldDeadLetterALabelOfTheWrongType() {
        assertEquals("wrong-label-type: task 'y' takes a number, got 'red'",
                rejected(DeadLetterReason.WRONG_LABEL_TYPE, regression, new Utf8("red")));
        assertEquals("wrong-label-type: task 'p' takes a number, got 'yes'",
                rejected(DeadLetterReason.WRONG_LABEL_TYPE, binary, "yes"));
        assertEquals("wrong-label-type: task 'c' takes a class name, got 1.0",
                rejected(DeadLetterReason.WRONG_LABEL_TYPE, multiclass, 1.0));
    }

    @Test
    void shouldDeadLetterANumberTheModelCannotLearnFrom() {
        assertEquals("non-finite-label: label of task 'y' is NaN",
                rejected(DeadLetterReason.NON_FINITE_LABEL, regression, Double.NaN));
        assertEquals("non-finite-label: label of task 'p' is Infinity",
                rejected(DeadLetterReason.NON_FINITE_LABEL, binary, Double.POSITIVE_INFINITY));
        assertEquals("binary-label-not-0-1: label of binary task 'p' is 0.5, expected 0 or 1",
                rejected(DeadLetterReason.BINARY_LABEL_NOT_0_1, binary, 0.5));
        assertEquals("unknown-class: 'pink' is not a class of task 'c' (red, green, blue)",
                rejected(DeadLetterReason.UNKNOWN_CLASS, multiclass, "pink"));
    }

    @Test
    void shouldDeadLetterALabelOutsideItsRangeOrBeyondFloatRange() {
        assertEquals("label-out-of-range: label of task 'y' is 10.5, outside its label_range [0, 10]",
                rejected(DeadLetterReason.LABEL_OUT_OF_RANGE, regression, 10.5));
        assertEquals("non-finite-label: label of task 'y' is 1.0E300, beyond float range",
                rejected(DeadLetterReason.NON_FINITE_LABEL, regression, 1e300));
        assertEquals(10.5f, regression.number(10.5), "the event path checks ranges on the whole example");
    }

    @Test
    void shouldTurnAnEncodedLabelBackIntoItsAvroValue() {
        assertEquals(2.5, regression.avroLabel(2.5f));
        assertEquals(1.0, binary.avroLabel(1f));
        assertEquals("green", multiclass.avroLabel(1f));
    }

    @Test
    void shouldPairASentLabelWithItsPrediction() {
        TaskPrediction value = TaskPrediction.newBuilder().setValue(3.0).build();
        assertArrayEquals(new double[] {2.5, 3.0}, regression.truthAndPrediction(2.5, value));
        TaskPrediction probability = TaskPrediction.newBuilder().setProbability(0.8).build();
        assertArrayEquals(new double[] {1.0, 0.8}, binary.truthAndPrediction(1.0, probability));
        TaskPrediction classes = TaskPrediction.newBuilder()
                .setClassProbabilities(Map.of("red", 0.2, "green", 0.5, "blue", 0.3)).build();
        assertArrayEquals(new double[] {2, 0.2, 0.5, 0.3}, multiclass.truthAndPrediction("blue", classes));
    }

    @Test
    void shouldReadABinaryLabelSentAsTextAgainstTheSpecsPositiveValues() {
        TaskWire direction = TaskWire.of(io.streammtl.config.ModelConfigLoader.parse("""
                name: w
                features: [{name: a}]
                tasks: [{name: up, kind: binary, label: {column: direction, positive: [UP, up]}}]
                """).model().tasks().get(0));
        assertEquals(1f, direction.label("UP"));
        assertEquals(1f, direction.label(new Utf8("up")));
        assertEquals(0f, direction.label("DOWN"), "any other value is 0");
        assertEquals(1f, direction.label(1.0), "0/1 still work");
        assertEquals("wrong-label-type: task 'p' takes a number, got 'UP'",
                rejected(DeadLetterReason.WRONG_LABEL_TYPE, binary, "UP"), "without positive values, text is refused");
    }

    @Test
    void shouldLearnFromAnEventWhoseBinaryLabelIsAPositiveValueOnTheTrainersReadPath() {
        io.streammtl.config.ModelConfig spec = io.streammtl.config.ModelConfigLoader.parse("""
                name: w
                features: [{name: a}]
                tasks: [{name: up, kind: binary, label: {column: direction, positive: UP}}]
                """).model();
        Codecs codecs = Codecs.create();
        EventValidator validator = new EventValidator(spec);
        LabeledEventReader reader = new LabeledEventReader(spec, codecs.events());
        for (String direction : java.util.List.of("UP", "DOWN")) {
            io.streammtl.avro.LabeledEvent event = io.streammtl.avro.LabeledEvent.newBuilder().setId("e")
                    .setEventTime(java.time.Instant.EPOCH).setNumeric(java.util.Map.of("a", 1.0))
                    .setLabels(java.util.Map.of("up", direction)).build();
            io.streammtl.learn.Example example = validator.toExample(reader.read(codecs.events().encode(event)));
            assertEquals(direction.equals("UP") ? 1f : 0f, example.labels()[0], direction);
        }
    }
}
