package io.streammtl.model.train;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.model.DenseLayer;
import io.streammtl.model.HeadControl;
import io.streammtl.model.MemberDeviations;
import io.streammtl.model.ModelBackend;
import io.streammtl.model.MultiTaskNetwork;
import io.streammtl.model.NetworkInputs;
import io.streammtl.model.StateMapping;
import io.streammtl.model.StepOutcome;
import io.streammtl.model.TaskLoss;
import io.streammtl.model.regularize.Regularizers;
import io.streammtl.model.weighting.TaskWeighting;
import io.streammtl.optim.Optimizer;
import io.streammtl.optim.ParameterGroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training step, written once over a {@link ComputeBackend}: forward, losses, task weighting, coherence
 * penalties, backward, regularisers, clipping by global norm, optimiser updates and background heads; it also owns
 * the state format. Where the compute backend keeps the parameters is its own affair.
 */
public final class MultiTaskTrainer implements ModelBackend, HeadControl {
    /** 5: the task families' members after the background heads. */
    private static final int STATE_VERSION = 5;
    /** 4: no families; still read. */
    private static final int NO_FAMILIES = 4;

    private final ComputeBackend compute;
    private final MultiTaskNetwork network;
    private final List<TaskConfig> tasks;
    private final TaskLoss[] losses;
    private final Optimizer optimizer;
    private final double clipNorm;
    private final float[][] gradients;
    private final boolean[] active;
    private final double[] headLearningRateScale;
    private final float[][] backgroundOutputs;
    private final TaskWeighting weighting;
    private final Regularizers regularizers;
    private final double learningRate;
    private final double[] stepWeights;
    private final double[] pendingWeights;
    private final double[] sharedNorms;
    private final float[] trunkScale;
    private final double[] lrScale;
    private final boolean trunkScaled;
    private final boolean[] taskLabeled;
    private final boolean[] steppedHeads;
    private final Coherence coherence;
    private final int[] featureSets;
    private final Families families;
    private final double[] memberLearningRateScale;

    /** A trainer whose buffers, in {@code compute}'s memory, hold {@code capacity} rows (at least the batch size). */
    public MultiTaskTrainer(ModelConfig config, ComputeBackend compute, int capacity) {
        this.compute = compute;
        this.network = new MultiTaskNetwork(compute, config.inputWidth(), config.trunk(), config.heads(), config.tasks(),
                capacity, config.seed(), NetworkInputs.of(config));
        this.coherence = Coherence.of(config);
        this.featureSets = new int[capacity];
        this.tasks = config.tasks();
        this.losses = tasks.stream().map(TaskLoss::new).toArray(TaskLoss[]::new);
        this.optimizer = Optimizer.of(config.optimizer());
        this.clipNorm = config.training().clipNorm();
        this.gradients = new float[tasks.size()][];
        for (int t = 0; t < tasks.size(); t++) {
            gradients[t] = new float[capacity * tasks.get(t).outputs()];
        }
        this.active = new boolean[tasks.size()];
        this.backgroundOutputs = new float[tasks.size()][];
        for (int t = 0; t < tasks.size(); t++) {
            backgroundOutputs[t] = new float[capacity * tasks.get(t).outputs()];
        }
        this.headLearningRateScale = new double[tasks.size()];
        Arrays.fill(headLearningRateScale, 1.0);
        this.weighting = TaskWeighting.of(config);
        this.regularizers = new Regularizers(config, network);
        this.learningRate = config.optimizer().learningRate();
        this.stepWeights = new double[tasks.size()];
        this.pendingWeights = new double[tasks.size()];
        this.sharedNorms = new double[tasks.size()];
        this.trunkScale = new float[tasks.size()];
        this.lrScale = new double[tasks.size()];
        boolean scaled = false;
        for (int t = 0; t < tasks.size(); t++) {
            trunkScale[t] = (float) tasks.get(t).trunkScale();
            lrScale[t] = tasks.get(t).lrScale();
            scaled |= trunkScale[t] != 1f;
        }
        this.trunkScaled = scaled;
        this.taskLabeled = new boolean[tasks.size()];
        this.steppedHeads = new boolean[tasks.size()];
        this.families = new Families(config, network, capacity);
        this.memberLearningRateScale = new double[tasks.size()];
    }

    /** The task weights λ_t as they stand now (task order); see {@link ModelBackend#taskWeights()}. */
    @Override
    public double[] taskWeights() {
        return weighting.current();
    }

    /** The weights λ_t the last applied step used (task order). */
    public double[] lastStepWeights() {
        return stepWeights.clone();
    }

    /** The model's regulariser. */
    public Regularizers regularizers() {
        return regularizers;
    }

    /** The network, for tests and regularisers that need its layers. */
    public MultiTaskNetwork network() {
        return network;
    }

    @Override
    public int inputs() {
        return network.inputs();
    }

    @Override
    public int capacity() {
        return network.capacity();
    }

    @Override
    public void predict(float[] x, int rows, float[][] outputs) {
        families.bind(null, rows);
        forward(x, rows, outputs);
        families.forgetKeys(rows);
    }

    /** The network's forward pass, with the bound family members' deviations added to their heads' outputs. */
    private void forward(float[] x, int rows, float[][] outputs) {
        network.forward(x, rows, featureSets);
        for (int t = 0; t < tasks.size(); t++) {
            network.headOutputs(t, outputs[t], rows);
        }
        families.addOutputs(network, outputs, rows);
    }

    @Override
    public void setMembers(int t, String[] keys, int rows) {
        families.setKeys(t, keys, rows);
    }

    @Override
    public MemberDeviations members(int t) {
        return families.of(t);
    }

    @Override
    public StepOutcome train(float[] x, int rows, float[][] labels, boolean[][] labeled, float[][] outputs) {
        return train(x, rows, labels, labeled, null, outputs);
    }

    @Override
    public StepOutcome train(float[] x, int rows, float[][] labels, boolean[][] labeled, float[] rowWeights,
                             float[][] outputs) {
        families.bind(labeled, rows);
        StepOutcome outcome = step(x, rows, labels, labeled, rowWeights, outputs);
        families.finishStep(outcome.applied(), labeled, rows);
        return outcome;
    }

    private StepOutcome step(float[] x, int rows, float[][] labels, boolean[][] labeled, float[] rowWeights,
                             float[][] outputs) {
        forward(x, rows, outputs);
        double[] taskLosses = new double[tasks.size()];
        double total = 0;
        boolean any = false;
        for (int t = 0; t < tasks.size(); t++) {
            taskLosses[t] = losses[t].lossAndGradient(outputs[t], labels[t], labeled[t], rowWeights, rows, 1.0,
                    gradients[t]);
            active[t] = anyLabeled(labeled[t], rows);
        }
        double[] weights = pendingWeights;
        weighting.weights(taskLosses, active, weights);
        for (int t = 0; t < tasks.size(); t++) {
            if (active[t]) {
                any = true;
                total += weights[t] * taskLosses[t];
                scale(gradients[t], rows * tasks.get(t).outputs(), (float) weights[t]);
            }
        }
        if (!any) {
            return new StepOutcome(StepOutcome.Status.NO_LABELS, Double.NaN, taskLosses, Double.NaN, false);
        }
        System.arraycopy(active, 0, taskLabeled, 0, active.length);
        total += coherence.addGradients(outputs, rows, gradients, active);
        total += families.penalty();
        if (!Double.isFinite(total)) {
            return new StepOutcome(StepOutcome.Status.NON_FINITE_LOSS, total, taskLosses, Double.NaN, false);
        }
        boolean norms = weighting.needsSharedGradientNorms();
        if (norms) {
            network.sharedGradientNorms(gradients, active, rows, trunkScaled ? trunkScale : null, sharedNorms);
        }
        double squared = families.backward(network, gradients, active, rows);
        network.backward(gradients, active, rows, trunkScaled ? trunkScale : null);
        regularizers.addGradients(stepped());
        List<ParameterGroup> groups = network.groups();
        squared += groups.get(0).gradientSquaredNorm();
        for (int t = 0; t < tasks.size(); t++) {
            if (network.headTrained(t)) {
                squared += groups.get(t + 1).gradientSquaredNorm();
            }
        }
        boolean[] inputGroups = steppedInputGroups(labeled, rows);
        for (int i = 0; i < inputGroups.length; i++) {
            if (inputGroups[i]) {
                squared += groups.get(network.inputGroupsStart() + i).gradientSquaredNorm();
            }
        }
        double norm = Math.sqrt(squared);
        if (!Double.isFinite(norm)) {
            return new StepOutcome(StepOutcome.Status.NON_FINITE_GRADIENT, total, taskLosses, norm, false);
        }
        boolean clip = clipNorm > 0 && norm > clipNorm;
        float scale = clip ? (float) (clipNorm / norm) : 1f;
        optimizer.step(groups.get(0), scale, 1.0);
        for (int t = 0; t < tasks.size(); t++) {
            memberLearningRateScale[t] = headLearningRateScale[t] * lrScale[t];
            if (network.headTrained(t)) {
                optimizer.step(groups.get(t + 1), scale, memberLearningRateScale[t]);
            }
        }
        families.step(scale, memberLearningRateScale);
        for (int i = 0; i < inputGroups.length; i++) {
            if (inputGroups[i]) {
                optimizer.step(groups.get(network.inputGroupsStart() + i), scale, 1.0);
            }
        }
        regularizers.afterStep(stepped(), learningRate, lrScale);
        weighting.update(taskLosses, taskLabeled, weights, norms ? sharedNorms : null);
        System.arraycopy(weights, 0, stepWeights, 0, weights.length);
        trainBackgroundHeads(labels, labeled, rowWeights, rows, scale);
        return new StepOutcome(StepOutcome.Status.APPLIED, total, taskLosses, norm, clip);
    }

    /** Background heads learn from the same labels and clipping scale; a non-finite loss skips their step. */
    private void trainBackgroundHeads(float[][] labels, boolean[][] labeled, float[] rowWeights, int rows,
                                      float scale) {
        for (int t = 0; t < tasks.size(); t++) {
            if (!active[t] || !network.hasBackgroundHead(t)) {
                continue;
            }
            network.backgroundOutputs(t, backgroundOutputs[t], rows);
            double loss = losses[t].lossAndGradient(backgroundOutputs[t], labels[t], labeled[t], rowWeights, rows,
                    tasks.get(t).weight(), gradients[t]);
            if (Double.isFinite(loss)) {
                network.backwardBackground(t, gradients[t], rows);
                optimizer.step(network.backgroundGroup(t), scale, headLearningRateScale[t]);
            }
        }
    }

    /** The heads that step: labeled, under a coherence penalty, or read by one that is. */
    private boolean[] stepped() {
        for (int t = 0; t < steppedHeads.length; t++) {
            steppedHeads[t] = network.headTrained(t);
        }
        return steppedHeads;
    }

    private static void scale(float[] gradient, int length, float weight) {
        if (weight != 1f) {
            for (int i = 0; i < length; i++) {
                gradient[i] *= weight;
            }
        }
    }

    /**
     * Input-stage groups that step: a projection whose feature set had a row that carries loss (a label, or any
     * row under a coherence penalty); the embedding tables whenever the step happens.
     */
    private boolean[] steppedInputGroups(boolean[][] labeled, int rows) {
        int projections = network.projections();
        boolean[] out = new boolean[network.groups().size() - network.inputGroupsStart()];
        for (int r = 0; r < rows; r++) {
            boolean loss = coherence.active();
            for (int t = 0; t < tasks.size() && !loss; t++) {
                loss = labeled[t][r];
            }
            if (loss && projections > 0) {
                out[network.featureSetOf(r)] = true;
            }
        }
        for (int i = projections; i < out.length; i++) {
            out[i] = true;
        }
        return out;
    }

    @Override
    public void setFeatureSets(int[] sets, int rows) {
        System.arraycopy(sets, 0, featureSets, 0, rows);
    }

    @Override
    public void setTargetScale(int t, double mean, double std) {
        coherence.setTargetScale(t, mean, std);
    }

    private static boolean anyLabeled(boolean[] labeled, int rows) {
        for (int r = 0; r < rows; r++) {
            if (labeled[r]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int stateBytes() {
        int bytes = 12 + network.groups().stream().mapToInt(ParameterGroup::stateBytes).sum()
                + families.stateBytes() + weighting.stateBytes() + regularizers.stateBytes();
        for (int t = 0; t < tasks.size(); t++) {
            if (network.hasBackgroundHead(t)) {
                bytes += 4 + network.backgroundGroup(t).stateBytes();
            }
        }
        return bytes;
    }

    @Override
    public void writeState(ByteBuffer out) {
        out.putInt(STATE_VERSION);
        out.putInt(network.groups().size());
        for (ParameterGroup group : network.groups()) {
            group.write(out);
        }
        int background = 0;
        for (int t = 0; t < tasks.size(); t++) {
            background += network.hasBackgroundHead(t) ? 1 : 0;
        }
        out.putInt(background);
        for (int t = 0; t < tasks.size(); t++) {
            if (network.hasBackgroundHead(t)) {
                out.putInt(t);
                network.backgroundGroup(t).write(out);
            }
        }
        families.write(out);
        weighting.write(out);
        regularizers.write(out);
    }

    private static int readVersion(ByteBuffer in) throws IOException {
        int version = in.getInt();
        if (version != STATE_VERSION && version != NO_FAMILIES) {
            throw new IOException("model state version " + version + " is not supported (expected "
                    + STATE_VERSION + ", or " + NO_FAMILIES + " which is still read)");
        }
        return version;
    }

    private int[] sameTasks() {
        int[] taskOf = new int[tasks.size()];
        Arrays.setAll(taskOf, t -> t);
        return taskOf;
    }

    @Override
    public void readState(ByteBuffer in) throws IOException {
        int version = readVersion(in);
        int count = in.getInt();
        if (count != network.groups().size()) {
            throw new IOException("model state has " + count + " parameter groups, this model has "
                    + network.groups().size());
        }
        for (ParameterGroup group : network.groups()) {
            group.read(in);
        }
        for (int t = 0; t < tasks.size(); t++) {
            network.dropBackgroundHead(t);
        }
        int background = in.getInt();
        for (int i = 0; i < background; i++) {
            int t = in.getInt();
            network.startBackgroundHead(t, 0);
            network.backgroundGroup(t).read(in);
        }
        if (version == STATE_VERSION) {
            families.read(in, sameTasks());
        }
        weighting.read(in);
        regularizers.read(in);
    }

    @Override
    public void readState(ByteBuffer in, StateMapping mapping) throws IOException {
        int version = readVersion(in);
        Map<String, ParameterGroup> byName = new HashMap<>();
        network.groups().forEach(g -> byName.put(g.name(), g));
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            StoredGroup stored = StoredGroup.read(in);
            ParameterGroup target = byName.get(stored.name());
            if (target == null) {
                continue;
            }
            if (target == network.groups().get(0) && mapping.inputRowOf() != null) {
                DenseLayer first = network.trunkLayers().get(0);
                stored = stored.withRowsMoved("trunk.0.W", mapping.inputRowOf(), first.inputs(), first.outputs());
            }
            target.read(stored.toBuffer(in.order()));
        }
        for (int t = 0; t < tasks.size(); t++) {
            network.dropBackgroundHead(t);
        }
        int background = in.getInt();
        for (int i = 0; i < background; i++) {
            int t = mapping.taskOf()[in.getInt()];
            StoredGroup stored = StoredGroup.read(in);
            if (t >= 0) {
                network.startBackgroundHead(t, 0);
                network.backgroundGroup(t).read(stored.toBuffer(in.order()));
            }
        }
        if (version == STATE_VERSION) {
            families.read(in, mapping.taskOf());
        }
        if (mapping.keepTaskState()) {
            weighting.read(in);
            regularizers.read(in);
        }
    }

    @Override
    public void startBackgroundHead(int t, long seed) {
        network.startBackgroundHead(t, seed);
    }

    @Override
    public boolean hasBackgroundHead(int t) {
        return network.hasBackgroundHead(t);
    }

    @Override
    public void promoteBackgroundHead(int t) {
        network.promoteBackgroundHead(t);
    }

    @Override
    public void dropBackgroundHead(int t) {
        network.dropBackgroundHead(t);
    }

    @Override
    public HeadControl heads() {
        return this;
    }

    @Override
    public void setHeadLearningRateScale(int t, double scale) {
        headLearningRateScale[t] = scale;
    }

    @Override
    public void resetHead(int t, long seed) {
        network.resetHead(t, seed);
    }

    @Override
    public long parameterCount() {
        return network.groups().stream().mapToLong(ParameterGroup::size).sum();
    }

    @Override
    public String description() {
        return compute.description();
    }
}
