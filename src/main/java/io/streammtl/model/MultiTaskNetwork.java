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
    private final NetworkInputs wiring;
    private final InputStage stage;
    private final int[] order;
    private final Matrix[] headInputs;
    private final Matrix[] headInputGrads;
    private final Matrix[] readerGrads;
    private final boolean[] readerGradient;
    private final boolean[] trained;
    private Matrix trunkOutput;
    private Matrix stageOutput;

    /** Builds and initialises the network with a seeded generator (trunk first, then heads in task order). */
    public MultiTaskNetwork(int inputs, TrunkConfig trunkConfig, HeadConfig headConfig, List<TaskConfig> tasks,
                            int capacity, long seed) {
        this(inputs, trunkConfig, headConfig, tasks, capacity, seed, NetworkInputs.plain(tasks.size()));
    }

    /**
     * As above, with embeddings and input projections in front of the trunk and heads that read other heads'
     * outputs, as {@code wiring} says; those draw from their own generator so the trunk and heads start as they
     * would without them.
     */
    public MultiTaskNetwork(int inputs, TrunkConfig trunkConfig, HeadConfig headConfig, List<TaskConfig> tasks,
                            int capacity, long seed, NetworkInputs wiring) {
        this.wiring = wiring;
        this.order = wiring.topologicalOrder();
        this.stage = InputStage.needed(wiring.features(), wiring.projected())
                ? new InputStage(wiring.features(), wiring.sets(), wiring.projected(), wiring.projectionWidth(),
                capacity, new SplittableRandom(seed ^ 0x5DEECE66DL))
                : null;
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
        int width = stage == null ? inputs : stage.outputWidth();
        for (int i = 0; i < trunk.length; i++) {
            trunk[i] = new DenseLayer(width, widths.get(i), trunkConfig.activation(), capacity);
            trunk[i].initialize(random);
            width = widths.get(i);
        }
        this.heads = new DenseLayer[tasks.size()][];
        for (int t = 0; t < tasks.size(); t++) {
            List<Integer> hidden = headConfig.hidden();
            heads[t] = new DenseLayer[hidden.size() + 1];
            int headWidth = width + sourceWidth(t, tasks);
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
        if (stage != null) {
            all.addAll(stage.groups());
        }
        this.groups = List.copyOf(all);
        this.headInputs = new Matrix[tasks.size()];
        this.headInputGrads = new Matrix[tasks.size()];
        this.readerGrads = new Matrix[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            if (wiring.sourceOf()[t] >= 0) {
                headInputs[t] = new Matrix(capacity, width + sourceWidth(t, tasks));
                headInputGrads[t] = new Matrix(capacity, width + sourceWidth(t, tasks));
            }
            readerGrads[t] = new Matrix(capacity, tasks.get(t).outputs());
        }
        this.readerGradient = new boolean[tasks.size()];
        this.trained = new boolean[tasks.size()];
    }

    private int sourceWidth(int t, List<TaskConfig> taskList) {
        int source = wiring.sourceOf()[t];
        return source < 0 ? 0 : taskList.get(source).outputs();
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
        int width = (trunk.length == 0 ? (stage == null ? inputs : stage.outputWidth())
                : trunk[trunk.length - 1].outputs()) + sourceWidth(t, tasks);
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
        DenseLayer out = head[head.length - 1];
        out.outputGrad().copyFrom(gradient, rows * out.outputs());
        for (int i = head.length - 1; i >= 0; i--) {
            Matrix layerInput = i == 0 ? headInput(t) : head[i - 1].output();
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
        forward(x, rows, null);
    }

    /**
     * As {@link #forward(float[], int)}, each row through the input projection of its feature set
     * {@code groups[r]} (null: set 0); heads run sources first, a reader seeing its source's raw output.
     */
    public void forward(float[] x, int rows, int[] groups) {
        checkRows(rows);
        input.copyFrom(x, rows * inputs);
        Matrix current = stage == null ? input : stage.forward(input, rows, groups);
        stageOutput = current;
        for (DenseLayer layer : trunk) {
            layer.forward(current, rows);
            current = layer.output();
        }
        trunkOutput = current;
        for (int t : order) {
            fillHeadInput(t, rows);
            forwardHead(heads[t], headInput(t), rows);
        }
        for (int t = 0; t < shadows.length; t++) {
            if (shadows[t] != null) {
                forwardHead(shadows[t], headInput(t), rows);
            }
        }
    }

    /** What task {@code t}'s head reads: the trunk's output, or that beside its source's raw output. */
    private Matrix headInput(int t) {
        return headInputs[t] == null ? trunkOutput : headInputs[t];
    }

    private void fillHeadInput(int t, int rows) {
        int source = wiring.sourceOf()[t];
        if (source < 0) {
            return;
        }
        java.nio.FloatBuffer to = headInputs[t].buffer();
        java.nio.FloatBuffer from = trunkOutput.buffer();
        DenseLayer sourceOut = heads[source][heads[source].length - 1];
        java.nio.FloatBuffer z = sourceOut.output().buffer();
        int trunkWidth = trunkOutput.cols();
        int sourceWidth = sourceOut.outputs();
        int width = trunkWidth + sourceWidth;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < trunkWidth; c++) {
                to.put(r * width + c, from.get(r * trunkWidth + c));
            }
            for (int c = 0; c < sourceWidth; c++) {
                to.put(r * width + trunkWidth + c, z.get(r * sourceWidth + c));
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
     * As {@link #backward(float[][], boolean[], int)}, with task t's gradient into the shared part (trunk, or the
     * input stage without a trunk) multiplied by {@code trunkScale[t]} (null: 1 for all); its head's own gradients,
     * and what it passes back to a head it reads, are not scaled.
     */
    public void backward(float[][] headGradients, boolean[] active, int rows, float[] trunkScale) {
        Matrix trunkGradient = trunk.length == 0 ? (stage == null ? null : stage.outputGrad())
                : trunk[trunk.length - 1].outputGrad();
        boolean accumulate = false;
        java.util.Arrays.fill(readerGradient, false);
        java.util.Arrays.fill(trained, false);
        // Readers before their sources, so a source's gradient holds what its readers pass back.
        for (int k = order.length - 1; k >= 0; k--) {
            int t = order[k];
            if (!active[t] && !readerGradient[t]) {
                continue;
            }
            trained[t] = true;
            DenseLayer[] head = heads[t];
            DenseLayer out = head[head.length - 1];
            if (active[t]) {
                out.outputGrad().copyFrom(headGradients[t], rows * out.outputs());
            } else {
                out.outputGrad().fill(0f);
            }
            if (readerGradient[t]) {
                addInto(out.outputGrad(), readerGrads[t], 0, out.outputs(), 0, out.outputs(), rows, out.outputs());
            }
            int source = wiring.sourceOf()[t];
            for (int i = head.length - 1; i >= 0; i--) {
                Matrix layerInput = i == 0 ? headInput(t) : head[i - 1].output();
                Matrix inputGrad = i == 0 ? (source < 0 ? trunkGradient : headInputGrads[t]) : head[i - 1].outputGrad();
                head[i].backward(layerInput, rows, inputGrad, i == 0 && source < 0 && accumulate,
                        i == 0 && source < 0 && trunkScale != null ? trunkScale[t] : 1f);
            }
            if (source >= 0) {
                int trunkWidth = trunkOutput.cols();
                int width = headInputGrads[t].cols();
                if (trunkGradient != null) {
                    if (!accumulate) {
                        trunkGradient.fill(0f);
                    }
                    addInto(trunkGradient, headInputGrads[t], 0, width, 0, trunkWidth, rows, trunkWidth,
                            trunkScale == null ? 1f : trunkScale[t]);
                }
                if (wiring.gradientToSource()[t]) {
                    int sourceWidth = width - trunkWidth;
                    if (!readerGradient[source]) {
                        readerGrads[source].fill(0f);
                        readerGradient[source] = true;
                    }
                    addInto(readerGrads[source], headInputGrads[t], trunkWidth, width, 0, sourceWidth, rows,
                            sourceWidth);
                }
            }
            accumulate = true;
        }
        for (int i = trunk.length - 1; i >= 0; i--) {
            Matrix layerInput = i == 0 ? (stage == null ? input : stageOutput) : trunk[i - 1].output();
            Matrix inputGrad = i == 0 ? (stage == null ? null : stage.outputGrad()) : trunk[i - 1].outputGrad();
            trunk[i].backward(layerInput, rows, inputGrad, false);
        }
        if (stage != null) {
            stage.backward(input, rows);
        }
    }

    /** target[r, tc + c] += source[r, sc + c] for c < columns; widths are the row strides. */
    private static void addInto(Matrix target, Matrix source, int sc, int sourceWidth, int tc, int columns, int rows,
                                int targetWidth) {
        addInto(target, source, sc, sourceWidth, tc, columns, rows, targetWidth, 1f);
    }

    /** target[r, tc + c] += scale·source[r, sc + c] for c < columns; widths are the row strides. */
    private static void addInto(Matrix target, Matrix source, int sc, int sourceWidth, int tc, int columns, int rows,
                                int targetWidth, float scale) {
        java.nio.FloatBuffer to = target.buffer();
        java.nio.FloatBuffer from = source.buffer();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int at = r * targetWidth + tc + c;
                to.put(at, to.get(at) + scale * from.get(r * sourceWidth + sc + c));
            }
        }
    }

    /** Whether task {@code t}'s head got a gradient in the last backward pass (its label, or a reader's). */
    public boolean headTrained(int t) {
        return trained[t];
    }

    /** Number of input projections (one per feature set when tasks declare their own features, else 0). */
    public int projections() {
        return stage == null ? 0 : stage.projections();
    }

    /** Rows of the last forward pass that went through input projection {@code g}. */
    public int projectionRows(int g) {
        return stage.rowsIn(g);
    }

    /** Feature set of {@code row} in the last forward pass (0 without projections). */
    public int rowGroup(int row) {
        return stage == null || stage.projections() == 0 ? 0 : stage.groupOf(row);
    }

    /** Index in {@link #groups()} of the first input-stage group: projections, then embedding tables. */
    public int inputGroupsStart() {
        return tasks.size() + 1;
    }

    /** The input projections' layers (tests). */
    public List<DenseLayer> projectionLayers() {
        return stage == null ? List.of() : stage.projectionLayers();
    }

    /** The embedding tables and their gradients (tests). */
    public List<Matrix> embeddingTables() {
        return stage == null ? List.of() : stage.embeddingTables();
    }

    public List<Matrix> embeddingGrads() {
        return stage == null ? List.of() : stage.embeddingGrads();
    }

    /**
     * For GradNorm: writes ‖∂L_t/∂W‖ for each active task, W being the weights of the last trunk layer, through the
     * task's own head (what it passes to heads that read it is left out), the head gradients being those of the last
     * forward pass and each task's share into the trunk scaled as in {@link #backward}; overwrites the gradient
     * buffers, so call it before {@link #backward}.
     */
    public void sharedGradientNorms(float[][] headGradients, boolean[] active, int rows, float[] trunkScale,
                                    double[] norms) {
        DenseLayer last = trunk[trunk.length - 1];
        Matrix lastInput = trunk.length == 1 ? (stage == null ? input : stageOutput) : trunk[trunk.length - 2].output();
        for (int t = 0; t < heads.length; t++) {
            if (!active[t]) {
                norms[t] = Double.NaN;
                continue;
            }
            float scale = trunkScale == null ? 1f : trunkScale[t];
            int source = wiring.sourceOf()[t];
            DenseLayer[] head = heads[t];
            DenseLayer out = head[head.length - 1];
            out.outputGrad().copyFrom(headGradients[t], rows * out.outputs());
            for (int i = head.length - 1; i >= 0; i--) {
                Matrix layerInput = i == 0 ? headInput(t) : head[i - 1].output();
                Matrix inputGrad = i == 0 ? (source < 0 ? last.outputGrad() : headInputGrads[t])
                        : head[i - 1].outputGrad();
                head[i].backward(layerInput, rows, inputGrad, false, i == 0 && source < 0 ? scale : 1f);
            }
            if (source >= 0) {
                int trunkWidth = trunkOutput.cols();
                last.outputGrad().fill(0f);
                addInto(last.outputGrad(), headInputGrads[t], 0, headInputGrads[t].cols(), 0, trunkWidth, rows,
                        trunkWidth, scale);
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
