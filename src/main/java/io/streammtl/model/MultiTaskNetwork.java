package io.streammtl.model;

import io.streammtl.config.Activation;
import io.streammtl.config.HeadConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TrunkConfig;
import io.streammtl.optim.Parameter;
import io.streammtl.optim.ParameterGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hard parameter sharing (Caruana 1997): a shared trunk of dense layers feeding one head per task, run
 * forward and backward on whole micro-batches with preallocated buffers.
 */
public final class MultiTaskNetwork {
    private final int inputs;
    private final int capacity;
    private final Matrix input;
    private final DenseLayer[] trunk;
    private final DenseLayer[][] heads;
    private final List<ParameterGroup> groups;
    private final HeadConfig headConfig;
    private final List<TaskConfig> tasks;
    private final DenseLayer[][] shadows;
    private final ParameterGroup[] shadowGroups;

    /** Builds and initialises the network with a seeded generator (trunk first, then heads in task order). */
    public MultiTaskNetwork(int inputs, TrunkConfig trunkConfig, HeadConfig headConfig, List<TaskConfig> tasks,
                            int capacity, long seed) {
        this.inputs = inputs;
        this.capacity = capacity;
        this.headConfig = headConfig;
        this.tasks = List.copyOf(tasks);
        this.shadows = new DenseLayer[tasks.size()][];
        this.shadowGroups = new ParameterGroup[tasks.size()];
        this.input = new Matrix(capacity, inputs);
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> widths = trunkConfig.layers();
        this.trunk = new DenseLayer[widths.size()];
        int width = inputs;
        for (int i = 0; i < trunk.length; i++) {
            trunk[i] = new DenseLayer(width, widths.get(i), trunkConfig.activation(), capacity);
            trunk[i].initialize(random);
            width = widths.get(i);
        }
        this.heads = new DenseLayer[tasks.size()][];
        for (int t = 0; t < tasks.size(); t++) {
            List<Integer> hidden = headConfig.hidden();
            heads[t] = new DenseLayer[hidden.size() + 1];
            int headWidth = width;
            for (int i = 0; i <= hidden.size(); i++) {
                boolean last = i == hidden.size();
                int out = last ? tasks.get(t).outputs() : hidden.get(i);
                heads[t][i] = new DenseLayer(headWidth, out, last ? Activation.IDENTITY : headConfig.activation(),
                        capacity);
                heads[t][i].initialize(random);
                headWidth = out;
            }
        }
        List<ParameterGroup> all = new ArrayList<>();
        all.add(group("trunk", trunk));
        for (int t = 0; t < tasks.size(); t++) {
            all.add(group("head." + tasks.get(t).name(), heads[t]));
        }
        this.groups = List.copyOf(all);
    }

    private static ParameterGroup group(String name, DenseLayer[] layers) {
        List<Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            DenseLayer layer = layers[i];
            parameters.add(new Parameter(name + "." + i + ".W", layer.weights().buffer(),
                    layer.weightGrad().buffer(), layer.weights().size()));
            parameters.add(new Parameter(name + "." + i + ".b", layer.bias().buffer(),
                    layer.biasGrad().buffer(), layer.bias().size()));
        }
        return new ParameterGroup(name, parameters);
    }

    public int inputs() {
        return inputs;
    }

    public int capacity() {
        return capacity;
    }

    /** Group 0 is the trunk; group t+1 is task t's head. */
    public List<ParameterGroup> groups() {
        return groups;
    }

    /** The layers of the trunk, input side first. */
    public List<DenseLayer> trunkLayers() {
        return List.of(trunk);
    }

    /** The layers of task {@code t}'s head, the output layer last. */
    public List<DenseLayer> headLayers(int t) {
        return List.of(heads[t]);
    }

    private DenseLayer[] newHead(int t, SplittableRandom random) {
        int width = trunk.length == 0 ? inputs : trunk[trunk.length - 1].outputs();
        List<Integer> hidden = headConfig.hidden();
        DenseLayer[] head = new DenseLayer[hidden.size() + 1];
        for (int i = 0; i <= hidden.size(); i++) {
            boolean last = i == hidden.size();
            int out = last ? tasks.get(t).outputs() : hidden.get(i);
            head[i] = new DenseLayer(width, out, last ? Activation.IDENTITY : headConfig.activation(), capacity);
            head[i].initialize(random);
            width = out;
        }
        return head;
    }

    /** Starts a background head for task {@code t}: trained on the same batches, but it does not train the trunk. */
    public void startBackgroundHead(int t, long seed) {
        shadows[t] = newHead(t, new SplittableRandom(seed));
        shadowGroups[t] = group("background." + tasks.get(t).name(), shadows[t]);
    }

    public boolean hasBackgroundHead(int t) {
        return shadows[t] != null;
    }

    /** The background head's parameters and optimiser state replace the head's; the background head ends. */
    public void promoteBackgroundHead(int t) {
        groups.get(t + 1).copyFrom(shadowGroups[t]);
        dropBackgroundHead(t);
    }

    public void dropBackgroundHead(int t) {
        shadows[t] = null;
        shadowGroups[t] = null;
    }

    /** The background head's parameter group, or null. */
    public ParameterGroup backgroundGroup(int t) {
        return shadowGroups[t];
    }

    /** Copies the background head's raw outputs of the last forward pass. */
    public void backgroundOutputs(int t, float[] target, int rows) {
        DenseLayer out = shadows[t][shadows[t].length - 1];
        out.output().copyTo(target, rows * out.outputs());
    }

    /** Back-propagates into task {@code t}'s background head only (the trunk gets no gradient from it). */
    public void backwardBackground(int t, float[] gradient, int rows) {
        DenseLayer[] head = shadows[t];
        Matrix trunkOutput = trunk.length == 0 ? input : trunk[trunk.length - 1].output();
        DenseLayer out = head[head.length - 1];
        out.outputGrad().copyFrom(gradient, rows * out.outputs());
        for (int i = head.length - 1; i >= 0; i--) {
            Matrix layerInput = i == 0 ? trunkOutput : head[i - 1].output();
            head[i].backward(layerInput, rows, i == 0 ? null : head[i - 1].outputGrad(), false);
        }
    }

    /** Re-initialises task {@code t}'s head (the trunk is untouched) and forgets its optimiser state. */
    public void resetHead(int t, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (DenseLayer layer : heads[t]) {
            layer.initialize(random);
        }
        groups.get(t + 1).resetOptimizerState();
    }

    /** Runs every layer on the first {@code rows} rows of {@code x} (row-major, rows × inputs). */
    public void forward(float[] x, int rows) {
        checkRows(rows);
        input.copyFrom(x, rows * inputs);
        Matrix current = input;
        for (DenseLayer layer : trunk) {
            layer.forward(current, rows);
            current = layer.output();
        }
        for (DenseLayer[] head : heads) {
            forwardHead(head, current, rows);
        }
        for (DenseLayer[] head : shadows) {
            if (head != null) {
                forwardHead(head, current, rows);
            }
        }
    }

    private static void forwardHead(DenseLayer[] head, Matrix trunkOutput, int rows) {
        Matrix headInput = trunkOutput;
        for (DenseLayer layer : head) {
            layer.forward(headInput, rows);
            headInput = layer.output();
        }
    }

    /** Copies task {@code t}'s raw outputs z (rows × outputs) from the last forward pass. */
    public void headOutputs(int t, float[] target, int rows) {
        DenseLayer out = heads[t][heads[t].length - 1];
        out.output().copyTo(target, rows * out.outputs());
    }

    /**
     * Back-propagates dL/dz of the heads marked active (others are skipped and their gradients are stale)
     * from the last forward pass, setting the gradients of the trunk and of the active heads.
     */
    public void backward(float[][] headGradients, boolean[] active, int rows) {
        backward(headGradients, active, rows, null);
    }

    /**
     * As {@link #backward(float[][], boolean[], int)}, with task t's gradient into the trunk multiplied by
     * {@code trunkScale[t]} (null: 1 for all); its head's own gradients are not scaled.
     */
    public void backward(float[][] headGradients, boolean[] active, int rows, float[] trunkScale) {
        Matrix trunkOutput = trunk.length == 0 ? input : trunk[trunk.length - 1].output();
        Matrix trunkGradient = trunk.length == 0 ? null : trunk[trunk.length - 1].outputGrad();
        boolean accumulate = false;
        for (int t = 0; t < heads.length; t++) {
            if (!active[t]) {
                continue;
            }
            DenseLayer[] head = heads[t];
            DenseLayer out = head[head.length - 1];
            out.outputGrad().copyFrom(headGradients[t], rows * out.outputs());
            for (int i = head.length - 1; i >= 0; i--) {
                Matrix layerInput = i == 0 ? trunkOutput : head[i - 1].output();
                Matrix inputGrad = i == 0 ? trunkGradient : head[i - 1].outputGrad();
                head[i].backward(layerInput, rows, inputGrad, i == 0 && accumulate,
                        i == 0 && trunkScale != null ? trunkScale[t] : 1f);
            }
            accumulate = true;
        }
        for (int i = trunk.length - 1; i >= 0; i--) {
            Matrix layerInput = i == 0 ? input : trunk[i - 1].output();
            Matrix inputGrad = i == 0 ? null : trunk[i - 1].outputGrad();
            trunk[i].backward(layerInput, rows, inputGrad, false);
        }
    }

    /**
     * For GradNorm: writes ‖∂L_t/∂W‖ for each active task, W being the weights of the last trunk layer and the head
     * gradients those of the last forward pass (each task's share into the trunk scaled as in {@link #backward});
     * overwrites the gradient buffers, so call it before {@link #backward}.
     */
    public void sharedGradientNorms(float[][] headGradients, boolean[] active, int rows, float[] trunkScale,
                                    double[] norms) {
        DenseLayer last = trunk[trunk.length - 1];
        Matrix lastInput = trunk.length == 1 ? input : trunk[trunk.length - 2].output();
        for (int t = 0; t < heads.length; t++) {
            if (!active[t]) {
                norms[t] = Double.NaN;
                continue;
            }
            DenseLayer[] head = heads[t];
            DenseLayer out = head[head.length - 1];
            out.outputGrad().copyFrom(headGradients[t], rows * out.outputs());
            for (int i = head.length - 1; i >= 0; i--) {
                Matrix layerInput = i == 0 ? last.output() : head[i - 1].output();
                Matrix inputGrad = i == 0 ? last.outputGrad() : head[i - 1].outputGrad();
                head[i].backward(layerInput, rows, inputGrad, false,
                        i == 0 && trunkScale != null ? trunkScale[t] : 1f);
            }
            last.backward(lastInput, rows, null, false);
            double sum = 0;
            Matrix g = last.weightGrad();
            for (int i = 0, n = g.size(); i < n; i++) {
                double v = g.get(i);
                sum += v * v;
            }
            norms[t] = Math.sqrt(sum);
        }
    }

    private void checkRows(int rows) {
        if (rows < 1 || rows > capacity) {
            throw new IllegalArgumentException("batch of " + rows + " rows; this network takes 1 to " + capacity);
        }
    }
}
