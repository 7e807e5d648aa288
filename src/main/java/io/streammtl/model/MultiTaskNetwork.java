package io.streammtl.model;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.config.HeadConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TrunkConfig;
import io.streammtl.optim.ParameterGroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hard parameter sharing (Caruana 1997): a shared trunk of dense layers feeding one head per task, run forward and
 * backward on whole micro-batches with buffers preallocated in a compute backend; a task may also have a background
 * head, trained on the same batches without training the trunk, that can replace its head.
 */
public final class MultiTaskNetwork {
    private final ComputeBackend compute;
    private final int inputs;
    private final int capacity;
    private final DeviceBuffer input;
    private final DenseLayer[] trunk;
    private final Head[] heads;
    private final Head[] backgroundHeads;
    private final List<ParameterGroup> groups;
    private final HeadConfig headConfig;
    private final List<TaskConfig> tasks;
    private final NetworkInputs wiring;
    private final InputStage stage;
    private final int[] order;
    private final int trunkWidth;
    private final DeviceBuffer[] headInputs;
    private final DeviceBuffer[] headInputGrads;
    private final DeviceBuffer[] readerGrads;
    private final boolean[] readerGradient;
    private final boolean[] trained;
    private final DeviceBuffer[] lastInputGrads;
    private final boolean[] lastInputGradSet;
    private DeviceBuffer trunkOutput;
    private DeviceBuffer stageOutput;

    /** Builds and initialises the network with a seeded generator (trunk first, then heads in task order). */
    public MultiTaskNetwork(ComputeBackend compute, int inputs, TrunkConfig trunkConfig, HeadConfig headConfig,
                            List<TaskConfig> tasks, int capacity, long seed) {
        this(compute, inputs, trunkConfig, headConfig, tasks, capacity, seed, NetworkInputs.plain(tasks.size()));
    }

    /**
     * As above, with embeddings and input projections in front of the trunk and heads that read other heads'
     * outputs, as {@code wiring} says; those draw from their own generator so the trunk and heads start as they
     * would without them.
     */
    public MultiTaskNetwork(ComputeBackend compute, int inputs, TrunkConfig trunkConfig, HeadConfig headConfig,
                            List<TaskConfig> tasks, int capacity, long seed, NetworkInputs wiring) {
        this.compute = compute;
        this.wiring = wiring;
        this.order = wiring.topologicalOrder();
        this.stage = InputStage.needed(wiring.features(), wiring.projected())
                ? new InputStage(compute, wiring.features(), wiring.sets(), wiring.projected(),
                wiring.projectionWidth(), capacity, new SplittableRandom(seed ^ 0x5DEECE66DL))
                : null;
        this.inputs = inputs;
        this.capacity = capacity;
        this.headConfig = headConfig;
        this.tasks = List.copyOf(tasks);
        this.input = compute.allocate(capacity * inputs);
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> widths = trunkConfig.layers();
        this.trunk = new DenseLayer[widths.size()];
        int width = stage == null ? inputs : stage.outputWidth();
        for (int i = 0; i < trunk.length; i++) {
            trunk[i] = new DenseLayer(compute, width, widths.get(i), trunkConfig.activation(), capacity);
            trunk[i].initialize(random);
            width = widths.get(i);
        }
        this.trunkWidth = width;
        this.heads = new Head[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            heads[t] = newHead(t, "head.", random);
        }
        this.backgroundHeads = new Head[tasks.size()];
        List<ParameterGroup> all = new ArrayList<>();
        all.add(Head.groupOf(compute, "trunk", trunk));
        for (Head head : heads) {
            all.add(head.group());
        }
        if (stage != null) {
            all.addAll(stage.groups());
        }
        this.groups = List.copyOf(all);
        this.headInputs = new DeviceBuffer[tasks.size()];
        this.headInputGrads = new DeviceBuffer[tasks.size()];
        this.readerGrads = new DeviceBuffer[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            if (wiring.sourceOf()[t] >= 0) {
                headInputs[t] = compute.allocate(capacity * headInputWidth(t));
                headInputGrads[t] = compute.allocate(capacity * headInputWidth(t));
            }
            readerGrads[t] = compute.allocate(capacity * tasks.get(t).outputs());
        }
        this.readerGradient = new boolean[tasks.size()];
        this.trained = new boolean[tasks.size()];
        this.lastInputGrads = new DeviceBuffer[tasks.size()];
        this.lastInputGradSet = new boolean[tasks.size()];
    }

    private Head newHead(int t, String prefix, SplittableRandom random) {
        return new Head(compute, prefix + tasks.get(t).name(), headInputWidth(t), headConfig,
                tasks.get(t).outputs(), capacity, random);
    }

    /** The trunk's output width, plus the source's outputs for a head that reads another head. */
    private int headInputWidth(int t) {
        int source = wiring.sourceOf()[t];
        return trunkWidth + (source < 0 ? 0 : tasks.get(source).outputs());
    }

    /** The backend whose memory holds every buffer of this network and whose kernels run it. */
    public ComputeBackend compute() {
        return compute;
    }

    public int inputs() {
        return inputs;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * The optimiser groups in state order: 0 is the trunk, t+1 is task t's head, then the input stage's from
     * {@link #inputGroupsStart()}: projections, then embedding tables.
     */
    public List<ParameterGroup> groups() {
        return groups;
    }

    /** The layers of the trunk, input side first. */
    public List<DenseLayer> trunkLayers() {
        return List.of(trunk);
    }

    /** The layers of task {@code t}'s head, the output layer last. */
    public List<DenseLayer> headLayers(int t) {
        return heads[t].layers();
    }

    /** Starts a background head for task {@code t}: trained on the same batches, but it does not train the trunk. */
    public void startBackgroundHead(int t, long seed) {
        backgroundHeads[t] = newHead(t, "background.", new SplittableRandom(seed));
    }

    public boolean hasBackgroundHead(int t) {
        return backgroundHeads[t] != null;
    }

    /** The background head's parameters and optimiser state replace the head's; the background head ends. */
    public void promoteBackgroundHead(int t) {
        heads[t].group().copyFrom(backgroundHeads[t].group());
        dropBackgroundHead(t);
    }

    public void dropBackgroundHead(int t) {
        backgroundHeads[t] = null;
    }

    /** The background head's parameter group, or null. */
    public ParameterGroup backgroundGroup(int t) {
        return backgroundHeads[t] == null ? null : backgroundHeads[t].group();
    }

    /** Copies the background head's raw outputs of the last forward pass. */
    public void backgroundOutputs(int t, float[] target, int rows) {
        Head head = backgroundHeads[t];
        compute.copyOut(head.output(), target, rows * head.outputs());
    }

    /** Back-propagates into task {@code t}'s background head only (the trunk gets no gradient from it). */
    public void backwardBackground(int t, float[] gradient, int rows) {
        Head head = backgroundHeads[t];
        compute.copyIn(gradient, head.outputGrad(), rows * head.outputs());
        head.backward(headInput(t), rows, null, false, 1f);
    }

    /** Re-initialises task {@code t}'s head (the trunk is untouched) and forgets its optimiser state. */
    public void resetHead(int t, long seed) {
        heads[t].initialize(new SplittableRandom(seed));
        heads[t].group().resetOptimizerState();
    }

    /** Runs every layer on the first {@code rows} rows of {@code x} (row-major, rows × inputs). */
    public void forward(float[] x, int rows) {
        forward(x, rows, null);
    }

    /**
     * As {@link #forward(float[], int)}, each row through the input projection of its feature set
     * {@code featureSets[r]} (null: set 0); heads run sources first, a reader seeing its source's raw output.
     */
    public void forward(float[] x, int rows, int[] featureSets) {
        checkRows(rows);
        compute.copyIn(x, input, rows * inputs);
        DeviceBuffer current = stage == null ? input : stage.forward(input, rows, featureSets);
        stageOutput = current;
        for (DenseLayer layer : trunk) {
            layer.forward(current, rows);
            current = layer.output();
        }
        trunkOutput = current;
        for (int t : order) {
            fillHeadInput(t, rows);
            heads[t].forward(headInput(t), rows);
        }
        for (int t = 0; t < backgroundHeads.length; t++) {
            if (backgroundHeads[t] != null) {
                backgroundHeads[t].forward(headInput(t), rows);
            }
        }
    }

    /** What task {@code t}'s head reads: the trunk's output, or that beside its source's raw output. */
    private DeviceBuffer headInput(int t) {
        return headInputs[t] == null ? trunkOutput : headInputs[t];
    }

    private void fillHeadInput(int t, int rows) {
        int source = wiring.sourceOf()[t];
        if (source < 0) {
            return;
        }
        int sourceWidth = heads[source].outputs();
        int width = trunkWidth + sourceWidth;
        compute.copyColumns(trunkOutput, trunkWidth, 0, headInputs[t], width, 0, trunkWidth, rows);
        compute.copyColumns(heads[source].output(), sourceWidth, 0, headInputs[t], width, trunkWidth, sourceWidth,
                rows);
    }

    /** Copies task {@code t}'s raw outputs z (rows × outputs) from the last forward pass. */
    public void headOutputs(int t, float[] target, int rows) {
        compute.copyOut(heads[t].output(), target, rows * heads[t].outputs());
    }

    /** Columns that task {@code t}'s output layer reads (the trunk's width, or the last hidden layer's). */
    public int lastLayerWidth(int t) {
        List<DenseLayer> layers = heads[t].layers();
        return layers.get(layers.size() - 1).inputs();
    }

    /** Copies what task {@code t}'s output layer read in the last forward pass (rows × {@link #lastLayerWidth}). */
    public void lastLayerInputs(int t, float[] target, int rows) {
        compute.copyOut(heads[t].lastLayerInput(headInput(t)), target, rows * lastLayerWidth(t));
    }

    /**
     * A further dL/d(input of task {@code t}'s output layer) (rows × {@link #lastLayerWidth}) that the next
     * {@link #backward} adds to what the output layer passes back, then forgets.
     */
    public void addLastLayerInputGradient(int t, float[] gradient, int rows) {
        if (lastInputGrads[t] == null) {
            lastInputGrads[t] = compute.allocate(capacity * lastLayerWidth(t));
        }
        compute.copyIn(gradient, lastInputGrads[t], rows * lastLayerWidth(t));
        lastInputGradSet[t] = true;
    }

    private DeviceBuffer lastInputGrad(int t) {
        return lastInputGradSet[t] ? lastInputGrads[t] : null;
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
        DeviceBuffer trunkGradient = sharedOutputGrad();
        boolean accumulate = false;
        Arrays.fill(readerGradient, false);
        Arrays.fill(trained, false);
        // Readers before their sources, so a source's gradient holds what its readers pass back.
        for (int k = order.length - 1; k >= 0; k--) {
            int t = order[k];
            if (!active[t] && !readerGradient[t]) {
                continue;
            }
            trained[t] = true;
            Head head = heads[t];
            int outputs = head.outputs();
            if (active[t]) {
                compute.copyIn(headGradients[t], head.outputGrad(), rows * outputs);
            } else {
                compute.fill(head.outputGrad(), 0f);
            }
            if (readerGradient[t]) {
                compute.addColumns(readerGrads[t], outputs, 0, head.outputGrad(), outputs, 0, outputs, rows, 1f);
            }
            int source = wiring.sourceOf()[t];
            float scale = trunkScale == null ? 1f : trunkScale[t];
            if (source < 0) {
                head.backward(headInput(t), rows, trunkGradient, accumulate, scale, lastInputGrad(t));
            } else {
                head.backward(headInput(t), rows, headInputGrads[t], false, 1f, lastInputGrad(t));
                int width = headInputWidth(t);
                if (trunkGradient != null) {
                    if (!accumulate) {
                        compute.fill(trunkGradient, 0f);
                    }
                    compute.addColumns(headInputGrads[t], width, 0, trunkGradient, trunkWidth, 0, trunkWidth, rows,
                            scale);
                }
                if (wiring.gradientToSource()[t]) {
                    int sourceWidth = width - trunkWidth;
                    if (!readerGradient[source]) {
                        compute.fill(readerGrads[source], 0f);
                        readerGradient[source] = true;
                    }
                    compute.addColumns(headInputGrads[t], width, trunkWidth, readerGrads[source], sourceWidth, 0,
                            sourceWidth, rows, 1f);
                }
            }
            accumulate = true;
        }
        Arrays.fill(lastInputGradSet, false);
        for (int i = trunk.length - 1; i >= 0; i--) {
            DeviceBuffer layerInput = i == 0 ? stageOutput : trunk[i - 1].output();
            DeviceBuffer inputGrad = i == 0 ? (stage == null ? null : stage.outputGrad()) : trunk[i - 1].outputGrad();
            trunk[i].backward(layerInput, rows, inputGrad, false);
        }
        if (stage != null) {
            stage.backward(input, rows);
        }
    }

    /** Where the heads put dL/d(shared output): the last trunk layer's, the input stage's, or nowhere. */
    private DeviceBuffer sharedOutputGrad() {
        if (trunk.length > 0) {
            return trunk[trunk.length - 1].outputGrad();
        }
        return stage == null ? null : stage.outputGrad();
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
    public int featureSetOf(int row) {
        return stage == null || stage.projections() == 0 ? 0 : stage.featureSetOf(row);
    }

    /** Index in {@link #groups()} of the first input-stage group: projections, then embedding tables. */
    public int inputGroupsStart() {
        return tasks.size() + 1;
    }

    /** The input projections' layers (tests). */
    public List<DenseLayer> projectionLayers() {
        return stage == null ? List.of() : stage.projectionLayers();
    }

    /** The embedding tables (tests). */
    public List<DeviceBuffer> embeddingTables() {
        return stage == null ? List.of() : stage.embeddingTables();
    }

    /** The embedding tables' gradients (tests). */
    public List<DeviceBuffer> embeddingGrads() {
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
        DeviceBuffer lastInput = trunk.length == 1 ? stageOutput : trunk[trunk.length - 2].output();
        for (int t = 0; t < heads.length; t++) {
            if (!active[t]) {
                norms[t] = Double.NaN;
                continue;
            }
            float scale = trunkScale == null ? 1f : trunkScale[t];
            int source = wiring.sourceOf()[t];
            Head head = heads[t];
            compute.copyIn(headGradients[t], head.outputGrad(), rows * head.outputs());
            if (source < 0) {
                head.backward(headInput(t), rows, last.outputGrad(), false, scale);
            } else {
                head.backward(headInput(t), rows, headInputGrads[t], false, 1f);
                compute.fill(last.outputGrad(), 0f);
                compute.addColumns(headInputGrads[t], headInputWidth(t), 0, last.outputGrad(), trunkWidth, 0,
                        trunkWidth, rows, scale);
            }
            last.backward(lastInput, rows, null, false);
            norms[t] = Math.sqrt(compute.addSquares(last.weightGrad(), last.weightGrad().size(), 0));
        }
    }

    private void checkRows(int rows) {
        if (rows < 1 || rows > capacity) {
            throw new IllegalArgumentException("batch of " + rows + " rows; this network takes 1 to " + capacity);
        }
    }
}
