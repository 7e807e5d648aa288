package io.streammtl.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.config.Activation;
import io.streammtl.config.FeatureConfig;
import io.streammtl.config.FeatureType;
import io.streammtl.config.DriftConfig;
import io.streammtl.config.HeadConfig;
import io.streammtl.config.LabelSource;
import io.streammtl.config.LossKind;
import io.streammtl.config.MetricsConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.OptimizerConfig;
import io.streammtl.config.OptimizerKind;
import io.streammtl.config.PreprocessingConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskKind;
import io.streammtl.config.TrainingConfig;
import io.streammtl.config.TrunkConfig;
import io.streammtl.model.train.MultiTaskTrainer;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One training step of the wine model checked against an independent float64 numpy implementation
 * (src/test/resources/reference/make_step_reference.py, whose output is checked in beside it), on any compute backend.
 */
public final class NumpyReferenceStep {
    private NumpyReferenceStep() {
    }

    private static JsonNode load(String name) throws Exception {
        try (InputStream in = NumpyReferenceStep.class.getResourceAsStream("/reference/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static ModelConfig config(JsonNode fixture, int rows) {
        List<FeatureConfig> features = new ArrayList<>();
        for (int i = 0; i < fixture.get("x").get(0).size(); i++) {
            features.add(new FeatureConfig("f" + i, "f" + i, FeatureType.NUMERIC, List.of()));
        }
        List<TaskConfig> tasks = new ArrayList<>();
        for (JsonNode t : fixture.get("tasks")) {
            TaskKind kind = TaskKind.valueOf(t.get("kind").asText().toUpperCase(Locale.ROOT));
            List<String> classes = new ArrayList<>();
            if (t.has("classes")) {
                t.get("classes").forEach(c -> classes.add(c.asText()));
            }
            tasks.add(new TaskConfig(t.get("name").asText(), kind, classes,
                    LossKind.valueOf(t.get("loss").asText().toUpperCase(Locale.ROOT)),
                    t.has("huber_delta") ? t.get("huber_delta").asDouble() : 1.0, t.get("weight").asDouble(),
                    new LabelSource.Column(t.get("name").asText()), DriftConfig.none()));
        }
        List<Integer> widths = new ArrayList<>();
        fixture.get("trunk_widths").forEach(w -> widths.add(w.asInt()));
        JsonNode o = fixture.get("optimizer");
        return new ModelConfig("reference", 1, features, tasks, new TrunkConfig(widths, Activation.RELU),
                new HeadConfig(List.of(), Activation.RELU),
                new OptimizerConfig(OptimizerKind.ADAM, o.get("lr").asDouble(), 0, false, o.get("beta1").asDouble(),
                        o.get("beta2").asDouble(), o.get("eps").asDouble(), 0),
                new TrainingConfig(rows, o.get("clip_norm").asDouble()), new PreprocessingConfig(false, false),
                new MetricsConfig(10));
    }

    private static void set(ComputeBackend compute, DeviceBuffer m, JsonNode values) {
        float[] flat = flatten(values);
        assertEquals(m.size(), flat.length);
        compute.copyIn(flat, m, flat.length);
    }

    private static float[] flatten(JsonNode node) {
        List<Double> out = new ArrayList<>();
        collect(node, out);
        float[] flat = new float[out.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = out.get(i).floatValue();
        }
        return flat;
    }

    private static void collect(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        } else {
            out.add(node.asDouble());
        }
    }

    private static void assertClose(JsonNode expected, float[] actual, double absolute, double relative,
                                    String what) {
        float[] want = flatten(expected);
        assertEquals(want.length, actual.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], actual[i], absolute + relative * Math.abs(want[i]), what + "[" + i + "]");
        }
    }

    private static void forEachLayer(ModelConfig config, MultiTaskNetwork net, JsonNode params, LayerCheck check) {
        for (int i = 0; i < net.trunkLayers().size(); i++) {
            check.apply(net.trunkLayers().get(i), params.get("trunk").get(i), "trunk[" + i + "]");
        }
        for (int t = 0; t < config.tasks().size(); t++) {
            String name = config.tasks().get(t).name();
            check.apply(net.headLayers(t).get(0), params.get("heads").get(name), "head " + name);
        }
    }

    private interface LayerCheck {
        void apply(DenseLayer layer, JsonNode params, String where);
    }

    /** Takes the fixture's step on {@code compute} and asserts outputs, losses, gradients and parameters. */
    public static void assertStepMatches(String fixtureName, ComputeBackend compute) throws Exception {
        JsonNode fixture = load(fixtureName);
        JsonNode expected = fixture.get("expected");
        int rows = fixture.get("x").size();
        ModelConfig config = config(fixture, rows);
        MultiTaskTrainer backend = new MultiTaskTrainer(config, compute, rows);
        MultiTaskNetwork net = backend.network();
        forEachLayer(config, net, fixture.get("initial"), (layer, p, where) -> {
            set(compute, layer.weights(), p.get("W"));
            set(compute, layer.bias(), p.get("b"));
        });
        int tasks = config.tasks().size();
        float[][] labels = new float[tasks][rows];
        boolean[][] labeled = new boolean[tasks][rows];
        float[][] outputs = new float[tasks][];
        for (int t = 0; t < tasks; t++) {
            JsonNode column = fixture.get("labels").get(config.tasks().get(t).name());
            for (int r = 0; r < rows; r++) {
                labeled[t][r] = !column.get(r).isNull();
                labels[t][r] = labeled[t][r] ? (float) column.get(r).asDouble() : 0f;
            }
            outputs[t] = new float[rows * config.tasks().get(t).outputs()];
        }

        StepOutcome outcome = backend.train(flatten(fixture.get("x")), rows, labels, labeled, outputs);

        assertTrue(outcome.applied());
        assertEquals(expected.get("total_loss").asDouble(), outcome.totalLoss(), 1e-5);
        assertEquals(expected.get("grad_norm").asDouble(), outcome.gradientNorm(), 1e-5);
        for (int t = 0; t < tasks; t++) {
            String name = config.tasks().get(t).name();
            JsonNode loss = expected.get("losses").get(name);
            if (loss == null) {
                assertTrue(Double.isNaN(outcome.taskLosses()[t]), name + " has no labels, so no loss");
            } else {
                assertEquals(loss.asDouble(), outcome.taskLosses()[t], 1e-5, "loss of " + name);
            }
            float[] want = flatten(expected.get("outputs").get(name));
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], outputs[t][i], 1e-5 + 1e-4 * Math.abs(want[i]), "output of " + name);
            }
        }
        boolean[] labeledTask = new boolean[tasks];
        for (int t = 0; t < tasks; t++) {
            for (boolean b : labeled[t]) {
                labeledTask[t] |= b;
            }
        }
        // Gradients of a head without labels are not computed at all (and its parameters must not move).
        forEachLayer(config, net, expected.get("grads"), (layer, p, where) -> {
            if (!where.startsWith("head unused")) {
                assertClose(p.get("W"), Buffers.copy(compute, layer.weightGrad()), 1e-6, 1e-3, "dW of " + where);
                assertClose(p.get("b"), Buffers.copy(compute, layer.biasGrad()), 1e-6, 1e-3, "db of " + where);
            }
        });
        forEachLayer(config, net, expected.get("after"), (layer, p, where) -> {
            assertClose(p.get("W"), Buffers.copy(compute, layer.weights()), 2e-6, 1e-5, "W after the step, " + where);
            assertClose(p.get("b"), Buffers.copy(compute, layer.bias()), 2e-6, 1e-5, "b after the step, " + where);
        });
        for (int t = 0; t < tasks; t++) {
            assertEquals(labeledTask[t] ? 1 : 0, net.groups().get(t + 1).steps(), "optimiser steps of head " + t);
        }
        assertEquals(1, net.groups().get(0).steps());
    }
}
