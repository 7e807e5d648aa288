package io.streammtl.learn.auto;

import io.streammtl.config.ModelConfig;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One variant on the stream: its learner, which sees every example from its start in arrival order and steps at its
 * own micro-batch size (a batch closes on B examples), and the per-task losses of its
 * predictions (made before it learned) that wait to be paired with the other variants'.
 */
final class VariantRun {
    /** Where a variant stands: waiting for room, learning, or pruned for good. */
    enum Status { WAITING, LIVE, PRUNED }

    /** An example of the open micro-batch, its loss weight, and whether its inputs are in the statistics already. */
    private record Offered(Example example, float weight, boolean inputsSeen) {
    }

    private final String name;
    private final ModelConfig config;
    private final int batchSize;
    private final List<Offered> pending = new ArrayList<>();
    private final ArrayDeque<double[]> losses = new ArrayDeque<>();
    private OnlineLearner learner;
    private Status status = Status.WAITING;
    private long born;
    private long paired;
    private double lossSum;
    private long offered;

    VariantRun(String name, ModelConfig config) {
        this.name = name;
        this.config = config;
        this.batchSize = config.training().batchSize();
        this.learner = new OnlineLearner(config);
    }

    String name() {
        return name;
    }

    OnlineLearner learner() {
        return learner;
    }

    Status status() {
        return status;
    }

    boolean isLive() {
        return status == Status.LIVE;
    }

    /** The index of the first labeled example it predicted. */
    long born() {
        return born;
    }

    /** Losses paired so far. */
    long paired() {
        return paired;
    }

    /** Mean normalised loss of its paired examples (NaN before any). */
    double meanLoss() {
        return paired == 0 ? Double.NaN : lossSum / paired;
    }

    /** Examples it has been given: its share of the compute. */
    long offered() {
        return offered;
    }

    void start(long labeledIndex) {
        status = Status.LIVE;
        born = labeledIndex;
    }

    /** Stops it for good and lets its model go. */
    void prune() {
        status = Status.PRUNED;
        learner = null;
        pending.clear();
        losses.clear();
    }

    /**
     * Takes the example into its micro-batch, its loss weighted by {@code weight} and its inputs left out of the
     * feature statistics when {@code inputsSeen}, and steps when the batch closes.
     */
    void offer(Example example, float weight, boolean inputsSeen) {
        pending.add(new Offered(example, weight, inputsSeen));
        offered++;
        if (pending.size() >= batchSize) {
            step();
        }
    }

    /** Steps on the partial micro-batch, if any: the end of a stream. */
    void flush() {
        if (!pending.isEmpty()) {
            step();
        }
    }

    private void step() {
        ExampleBatch batch = ExampleBatch.forModel(config);
        for (Offered offered : pending) {
            Example e = offered.example();
            int row = batch.add(e);
            for (int t = 0; t < e.labeled().length; t++) {
                if (e.labeled()[t]) {
                    batch.label(row, t, e.labels()[t]);
                }
            }
            batch.weight(row, offered.weight());
            if (offered.inputsSeen()) {
                batch.markInputsSeen(row);
            }
        }
        BatchPredictions predictions = learner.predictThenLearn(batch);
        for (int r = 0; r < pending.size(); r++) {
            Example e = pending.get(r).example();
            if (e.hasAnyLabel()) {
                losses.add(TaskLosses.of(config, predictions, r, e));
            }
        }
        pending.clear();
    }

    boolean hasLoss() {
        return !losses.isEmpty();
    }

    /** The oldest unpaired example's normalised loss, counted as paired. */
    double pairNext(LossScale scale) {
        double loss = scale.normalise(losses.poll());
        paired++;
        lossSum += loss;
        return loss;
    }

    /** Mean normalised loss of its predictions of the labeled test examples (NaN if none). */
    double testLoss(List<Example> test, LossScale scale) {
        ExampleBatch batch = ExampleBatch.forModel(config);
        List<Example> rows = new ArrayList<>();
        double sum = 0;
        long count = 0;
        for (int i = 0; i < test.size(); i++) {
            if (test.get(i).hasAnyLabel()) {
                batch.add(test.get(i));
                rows.add(test.get(i));
            }
            if (!rows.isEmpty() && (batch.isFull() || i == test.size() - 1)) {
                BatchPredictions predictions = learner.predict(batch);
                for (int r = 0; r < rows.size(); r++) {
                    sum += scale.normalise(TaskLosses.of(config, predictions, r, rows.get(r)));
                    count++;
                }
                batch.clear();
                rows.clear();
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    void write(StateWriter out) {
        out.putString(name).putByte(status.ordinal()).putLong(born).putLong(paired).putDouble(lossSum)
                .putLong(offered);
        if (status != Status.LIVE) {
            return;
        }
        out.putBytes(learner.snapshot()).putBytes(learner.metricsState());
        out.putInt(pending.size());
        for (Offered offered : pending) {
            Example e = offered.example();
            out.putLong(e.line()).putInt(e.featureSet());
            putFloats(out, e.inputs());
            putFloats(out, e.labels());
            out.putInt(e.labeled().length);
            for (boolean flag : e.labeled()) {
                out.putByte(flag ? 1 : 0);
            }
            out.putDouble(offered.weight()).putByte(offered.inputsSeen() ? 1 : 0);
        }
        out.putInt(losses.size());
        for (double[] entry : losses) {
            for (double loss : entry) {
                out.putDouble(loss);
            }
        }
    }

    /**
     * Reads what {@link #write} wrote; {@code weighted} false for {@link AutoLearner}'s format 1, whose open
     * micro-batch examples carry no weight and seen flag.
     */
    void read(StateReader in, boolean weighted) throws IOException {
        String stored = in.getString();
        if (!stored.equals(name)) {
            throw new IOException("the state holds variant '" + stored + "' where this learner has '" + name + "'");
        }
        int code = in.getByte();
        if (code < 0 || code >= Status.values().length) {
            throw new IOException("variant '" + name + "' has status " + code + ", expected 0 to "
                    + (Status.values().length - 1));
        }
        status = Status.values()[code];
        born = in.getLong();
        paired = in.getLong();
        lossSum = in.getDouble();
        offered = in.getLong();
        pending.clear();
        losses.clear();
        if (status == Status.PRUNED) {
            learner = null;
        }
        if (status != Status.LIVE) {
            return;
        }
        learner.restore(in.getBytes());
        learner.restoreMetrics(in.getBytes());
        int count = in.getCount("pending examples", batchSize);
        int tasks = config.tasks().size();
        for (int i = 0; i < count; i++) {
            long line = in.getLong();
            int featureSet = in.getInt();
            float[] inputs = getFloats(in, config.inputWidth());
            float[] labels = getFloats(in, tasks);
            boolean[] labeled = new boolean[in.getCount("labels", tasks)];
            for (int t = 0; t < labeled.length; t++) {
                labeled[t] = in.getByte() != 0;
            }
            Example example = new Example(line, inputs, labels, labeled, featureSet);
            pending.add(weighted ? new Offered(example, getWeight(in), in.getByte() != 0)
                    : new Offered(example, 1f, false));
        }
        int queued = in.getCount("unpaired losses", Integer.MAX_VALUE / 8 / Math.max(1, tasks));
        for (int i = 0; i < queued; i++) {
            double[] entry = new double[tasks];
            for (int t = 0; t < tasks; t++) {
                entry[t] = in.getDouble();
            }
            losses.add(entry);
        }
    }

    private static float getWeight(StateReader in) throws IOException {
        double weight = in.getDouble();
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IOException("an example of an open micro-batch weighs " + weight);
        }
        return (float) weight;
    }

    private static void putFloats(StateWriter out, float[] values) {
        out.putInt(values.length);
        out.put(values.length * Float.BYTES, buffer -> {
            for (float v : values) {
                buffer.putFloat(v);
            }
        });
    }

    private static float[] getFloats(StateReader in, int max) throws IOException {
        float[] values = new float[in.getCount("values", max)];
        ByteBuffer buffer = in.buffer();
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return values;
    }
}
