package io.streammtl.learn.auto;

import io.streammtl.config.AutoConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.ValueRejection;
import io.streammtl.learn.race.PairedTest;
import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Champion and challengers on one stream, after ChaCha (Wu et al., "ChaCha for online AutoML", ICML 2021) and
 * River's greedy model selection on progressive validation: every live variant (at most {@code max_live}, the first
 * ones declared; {@code base} is the first champion) predicts each example before it learns it, at its own
 * micro-batch size; once every live variant has predicted a labeled example, their normalised losses
 * ({@link LossScale}) enter the window. Until the first window end at which a test can run, the variant of lowest
 * mean loss so far becomes champion whenever it is below {@code 1 − margin} of the champion's (follow the leader,
 * the margin against trading places on noise); from then on only the test promotes. At the end of each window the
 * challengers that have paired {@code min_examples} are tested against the champion ({@link PairedTest}, level
 * over the number tested: Bonferroni): of those significantly better by the margin the one of lowest window loss
 * is promoted; if none is, those significantly worse by the margin are pruned (racing, Maron and Moore 1994: a
 * challenger as good as the champion stays, it may overtake it later) and waiting variants start in their place.
 * Predictions served are the champion's. Everything follows the examples' order, so the same input gives the same
 * promotions, bit for bit. Selection is for the whole model, on the sum of an example's task losses: a variant is
 * one network whose trunk every task shares, and serving each task from another variant would make one prediction
 * come from several models (and several versions) at once.
 */
public final class AutoLearner {
    private static final int MAGIC = 0x41544D53;
    private static final int VERSION = 2;
    /** Format 1: the variants' open micro-batches hold no weights or seen flags (every example weighs 1, unseen). */
    private static final int UNWEIGHTED = 1;

    private final AutoConfig auto;
    private final List<VariantRun> variants = new ArrayList<>();
    private final LossScale scale;
    private final double[][] window;
    private final List<SelectionEvent> events = new ArrayList<>();
    private int champion;
    private long labeledArrivals;
    private long paired;
    private int inWindow;
    private double servedLossSum;

    /** Variants in the order of {@code auto.variants()}, {@code specs} the spec of each. */
    public AutoLearner(AutoConfig auto, List<ModelConfig> specs) {
        if (specs.size() != auto.variants().size()) {
            throw new IllegalArgumentException(specs.size() + " specs for " + auto.variants().size() + " variants");
        }
        this.auto = auto;
        for (int v = 0; v < specs.size(); v++) {
            if (specs.get(v).inputWidth() != specs.get(0).inputWidth()
                    || specs.get(v).tasks().size() != specs.get(0).tasks().size()) {
                throw new IllegalArgumentException("variant '" + auto.variants().get(v).name()
                        + "' has other inputs or tasks than the spec");
            }
            VariantRun run = new VariantRun(auto.variants().get(v).name(), specs.get(v));
            if (v < auto.maxLive()) {
                run.start(0);
            }
            variants.add(run);
        }
        this.scale = new LossScale(specs.get(0));
        this.window = new double[specs.size()][auto.window()];
        Arrays.stream(window).forEach(row -> Arrays.fill(row, Double.NaN));
    }

    /**
     * Gives the example to every live variant, pairs the losses that are complete and decides at a window's end;
     * returns the promotions, prunings and starts this caused (a list reused by the next call).
     */
    public List<SelectionEvent> learn(Example example) {
        return learn(example, 1f, false);
    }

    /**
     * As {@link #learn(Example)}, for an example whose label came later (delayed labels): its loss weighs
     * {@code weight} in each variant's step, and with {@code inputsSeen} its inputs, learned into the feature
     * statistics when its event was, are not counted again. Its paired loss for the race is not weighted.
     */
    public List<SelectionEvent> learn(Example example, float weight, boolean inputsSeen) {
        events.clear();
        boolean labeled = example.hasAnyLabel();
        if (labeled) {
            scale.observe(example);
        }
        for (VariantRun run : variants) {
            if (run.isLive()) {
                run.offer(example, weight, inputsSeen);
            }
        }
        if (labeled) {
            labeledArrivals++;
        }
        pairReady();
        return events;
    }

    /** Steps every live variant on its partial micro-batch and pairs what that completes: the end of a stream. */
    public List<SelectionEvent> finish() {
        events.clear();
        variants.stream().filter(VariantRun::isLive).forEach(VariantRun::flush);
        pairReady();
        return events;
    }

    /** The champion's predictions of the rows; learns nothing. */
    public BatchPredictions predict(ExampleBatch batch) {
        return champion().predict(batch);
    }

    /** The champion's outlier guard: callers keep a rejected example from every variant. */
    public ValueRejection checkOutliers(Example example) {
        return champion().checkOutliers(example);
    }

    public OnlineLearner champion() {
        return variants.get(champion).learner();
    }

    public String championName() {
        return variants.get(champion).name();
    }

    /** Names of the variants learning now, in declared order. */
    public List<String> liveVariants() {
        return variants.stream().filter(VariantRun::isLive).map(VariantRun::name).toList();
    }

    /** Mean normalised prequential loss of each variant over the examples it paired (NaN if none), declared order. */
    public double[] meanLosses() {
        return variants.stream().mapToDouble(VariantRun::meanLoss).toArray();
    }

    /** Mean normalised loss of each variant over the window being filled (NaN where it has none), declared order. */
    public double[] windowLosses() {
        return Arrays.stream(window).mapToDouble(AutoLearner::mean).toArray();
    }

    /** Mean normalised loss of the champion of each paired example's time: the quality served. */
    public double servedLoss() {
        return paired == 0 ? Double.NaN : servedLossSum / paired;
    }

    /**
     * Each variant's mean normalised loss over held-out examples (with the loss scales as they stand), NaN for a
     * variant not learning: the test figures of every variant, the champion's among them.
     */
    public double[] testLosses(List<Example> test) {
        double[] out = new double[variants.size()];
        for (int v = 0; v < out.length; v++) {
            out[v] = variants.get(v).isLive() ? variants.get(v).testLoss(test, scale) : Double.NaN;
        }
        return out;
    }

    /** Examples given to variants per example arrived: the step cost relative to one learner. */
    public double costRatio(long arrivals) {
        return arrivals == 0 ? 0 : variants.stream().mapToLong(VariantRun::offered).sum() / (double) arrivals;
    }

    private void pairReady() {
        while (ready()) {
            for (int v = 0; v < variants.size(); v++) {
                VariantRun run = variants.get(v);
                window[v][inWindow] = run.isLive() && run.born() <= paired ? run.pairNext(scale) : Double.NaN;
            }
            servedLossSum += window[champion][inWindow];
            paired++;
            inWindow++;
            if (paired <= firstDecision()) {
                followLeader();
            }
            if (inWindow == auto.window()) {
                decide();
                inWindow = 0;
                Arrays.stream(window).forEach(row -> Arrays.fill(row, Double.NaN));
            }
        }
    }

    private boolean ready() {
        if (paired >= labeledArrivals) {
            return false;
        }
        for (VariantRun run : variants) {
            if (run.isLive() && run.born() <= paired && !run.hasLoss()) {
                return false;
            }
        }
        return true;
    }

    /** The paired count of the first window end at which a variant started with the stream has {@code min_examples}. */
    private long firstDecision() {
        long windows = Math.max(1, (auto.minExamples() + (long) auto.window() - 1) / auto.window());
        return windows * auto.window();
    }

    /**
     * Promotes the live variant of lowest mean loss so far when that is below {@code 1 − margin} of the champion's,
     * without a test (p NaN). Until the first decision no test can run, and a stream's first examples carry its
     * largest losses: serving {@code base} alone there cost up to 22 % of a whole 5,000-example stream where another
     * rate learns faster. The margin keeps near-equal variants from trading places on noise.
     */
    private void followLeader() {
        int leader = champion;
        for (int v = 0; v < variants.size(); v++) {
            if (variants.get(v).isLive() && variants.get(v).meanLoss() < variants.get(leader).meanLoss()) {
                leader = v;
            }
        }
        if (variants.get(leader).meanLoss() < (1 - auto.margin()) * variants.get(champion).meanLoss()) {
            events.add(new SelectionEvent(SelectionEvent.Kind.PROMOTED, paired, variants.get(leader).name(),
                    championName(), variants.get(leader).meanLoss(), variants.get(champion).meanLoss(), Double.NaN));
            champion = leader;
        }
    }

    private void decide() {
        List<Integer> tested = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            if (v != champion && variants.get(v).isLive() && variants.get(v).paired() >= auto.minExamples()) {
                tested.add(v);
            }
        }
        if (tested.isEmpty()) {
            return;
        }
        double level = auto.level() / tested.size();
        int best = -1;
        double bestP = Double.NaN;
        for (int v : tested) {
            double p = PairedTest.pValue(window[champion], window[v], inWindow, auto.margin());
            if (p < level && (best < 0 || mean(window[v]) < mean(window[best]))) {
                best = v;
                bestP = p;
            }
        }
        if (best >= 0) {
            events.add(event(SelectionEvent.Kind.PROMOTED, best, bestP));
            champion = best;
            return;
        }
        for (int v : tested) {
            double p = PairedTest.pValue(window[v], window[champion], inWindow, auto.margin());
            if (p < level) {
                events.add(event(SelectionEvent.Kind.PRUNED, v, p));
                variants.get(v).prune();
            }
        }
        long live = variants.stream().filter(VariantRun::isLive).count();
        for (int v = 0; v < variants.size() && live < auto.maxLive(); v++) {
            if (variants.get(v).status() == VariantRun.Status.WAITING) {
                variants.get(v).start(labeledArrivals);
                events.add(new SelectionEvent(SelectionEvent.Kind.STARTED, paired, variants.get(v).name(),
                        championName(), Double.NaN, Double.NaN, Double.NaN));
                live++;
            }
        }
    }

    private SelectionEvent event(SelectionEvent.Kind kind, int v, double p) {
        return new SelectionEvent(kind, paired, variants.get(v).name(), championName(), mean(window[v]),
                mean(window[champion]), p);
    }

    private static double mean(double[] losses) {
        return Arrays.stream(losses).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
    }

    /**
     * Every live variant's model, metrics, unfinished micro-batch and unpaired losses, and the selection state
     * (champion, window, loss scales, counts), little-endian: magic "SMTA", format version, variant count, each
     * variant (name, status, start, paired count, loss sum, examples given; if live, its {@link OnlineLearner}
     * snapshot and metrics state as length-prefixed bytes, its pending examples (each with its loss weight and
     * whether its inputs were seen) and its queued per-task losses),
     * then the champion's index, labeled arrivals, paired count, window fill, served loss sum, the window (variants ×
     * window doubles) and per task the label count, mean and sum of squares.
     */
    public byte[] snapshot() {
        StateWriter out = new StateWriter().putInt(MAGIC).putInt(VERSION).putInt(variants.size());
        variants.forEach(run -> run.write(out));
        out.putInt(champion).putLong(labeledArrivals).putLong(paired).putInt(inWindow).putDouble(servedLossSum);
        for (double[] row : window) {
            for (double loss : row) {
                out.putDouble(loss);
            }
        }
        scale.write(out);
        return out.toByteArray();
    }

    /**
     * Replaces this learner's state with a {@link #snapshot()} of one built from the same config and specs; on
     * failure this learner must be discarded.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    public void restore(byte[] snapshot) {
        try {
            StateReader in = new StateReader(snapshot);
            if (in.getInt() != MAGIC) {
                throw new IOException("not a champion/challenger state");
            }
            int version = in.getInt();
            if (version != VERSION && version != UNWEIGHTED) {
                throw new IOException("format version " + version + ", this build reads " + UNWEIGHTED + " and "
                        + VERSION);
            }
            int count = in.getInt();
            if (count != variants.size()) {
                throw new IOException(count + " variants, this learner has " + variants.size());
            }
            for (VariantRun run : variants) {
                run.read(in, version != UNWEIGHTED);
            }
            champion = in.getCount("as the champion's index", variants.size() - 1);
            labeledArrivals = in.getLong();
            paired = in.getLong();
            inWindow = in.getCount("examples in the window", auto.window() - 1);
            servedLossSum = in.getDouble();
            for (double[] row : window) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = in.getDouble();
                }
            }
            scale.read(in);
            if (in.hasRemaining()) {
                throw new IOException(in.remaining() + " bytes after the end");
            }
        } catch (IOException | BufferUnderflowException e) {
            throw new IllegalArgumentException("champion/challenger state: " + (e.getMessage() == null
                    ? "truncated" : e.getMessage()), e);
        }
    }
}
