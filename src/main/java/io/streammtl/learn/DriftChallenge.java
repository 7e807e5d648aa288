package io.streammtl.learn;

import io.streammtl.config.ChallengeRace;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.OptimizerConfig;
import io.streammtl.config.TaskKind;
import io.streammtl.learn.race.PairedTest;
import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;
import io.streammtl.model.ModelBackend;
import io.streammtl.model.train.Backends;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code challenge} drift response: a drift signal starts a challenger instead of changing the model, a copy of
 * the model that learns at {@link #RATE} × the optimiser's rate (every parameter: after a real change the trunk must
 * move too; in trials on Friedman #1, × 3 made the copy worse than the model even after the change). It predicts and
 * learns every batch beside the model; at the end of each metrics window a paired test on their per-example
 * prequential losses ({@link PairedTest}, the method of batch means) adopts it if its loss is significantly below the
 * model's by the margin, and drops it if significantly above, or after the race's windows (racing, Maron and Moore
 * 1994), all as the challenged task's {@link ChallengeRace} says. One challenger at a time: a storm of false alarms
 * costs at most one second model's steps, and a challenger no better than the model replaces it in at most a fraction
 * {@code level} of races.
 */
final class DriftChallenge {
    /** The challenger's learning rate over the model's, for every parameter. */
    static final double RATE = 2;

    private final ModelConfig config;
    private final ModelBackend model;
    private final TaskType[] types;
    /** Per task, what a class task's log-loss is divided by: ln K (the uniform guess's loss); 1 for regression. */
    private final double[] logClasses;
    private final BatchPredictions predictions;
    private final double[] modelLosses;
    private final double[] challengerLosses;
    private final List<ChallengeEvent> events = new ArrayList<>();
    /** Built at the first race and reused: a start overwrites its whole state. */
    private ModelBackend challenger;
    private boolean racing;
    private int task;
    /** The racing task's settings. */
    private ChallengeRace race = ChallengeRace.DEFAULT;
    private int filled;
    private int rounds;
    private long paired;

    DriftChallenge(ModelConfig config, ModelBackend model) {
        this.config = config;
        this.model = model;
        this.types = config.tasks().stream().map(TaskType::of).toArray(TaskType[]::new);
        this.logClasses = config.tasks().stream().mapToDouble(task -> task.kind() == TaskKind.REGRESSION ? 1
                : Math.log(task.kind() == TaskKind.MULTICLASS ? task.classes().size() : 2)).toArray();
        this.predictions = new BatchPredictions(config, model.capacity());
        this.modelLosses = new double[config.metrics().window()];
        this.challengerLosses = new double[config.metrics().window()];
    }

    /** Starts a challenger for task {@code t} from the model as it stands; false if one is racing already. */
    boolean start(int t) {
        if (racing) {
            return false;
        }
        if (challenger == null) {
            challenger = Backends.select(faster(config), model.capacity());
        }
        copy(model, challenger);
        racing = true;
        task = t;
        race = config.tasks().get(t).drift().challenge();
        filled = 0;
        rounds = 0;
        paired = 0;
        return true;
    }

    /**
     * Has the challenger, if one races, predict and learn the batch the model has just predicted ({@code
     * modelPredictions}, in user units) and learned, with the same inputs and labels; pairs both losses of each labeled
     * row and decides at a window's end. Returns this batch's decisions (a list reused by the next call).
     */
    List<ChallengeEvent> learnBeside(ExampleBatch batch, int rows, float[] x, Preprocessing preprocessing,
                                     BatchPredictions modelPredictions, DriftMonitor drift, long version) {
        events.clear();
        if (!racing) {
            return events;
        }
        preprocessing.passScales(challenger);
        if (!preprocessing.plain()) {
            challenger.setFeatureSets(batch.featureSets(), rows);
        }
        float[][] raw = predictions.raw();
        challenger.train(x, rows, preprocessing.labels(), preprocessing.labeled(),
                batch.weightsOrNull(), raw);
        preprocessing.targetsToUserUnits(raw, rows);
        for (int t = 0; t < types.length; t++) {
            types[t].link(raw[t], rows);
        }
        predictions.reset(rows, version);
        for (int r = 0; r < rows && racing; r++) {
            double modelLoss = loss(modelPredictions, batch, r, preprocessing);
            if (Double.isNaN(modelLoss)) {
                continue;
            }
            modelLosses[filled] = modelLoss;
            challengerLosses[filled] = loss(predictions, batch, r, preprocessing);
            filled++;
            paired++;
            if (filled == modelLosses.length) {
                decide(drift, version);
            }
        }
        return events;
    }

    private void decide(DriftMonitor drift, long version) {
        rounds++;
        // Bonferroni over the race's windows: the level bounds the chance of adopting a no-better challenger per race.
        double better = PairedTest.pValue(modelLosses, challengerLosses, filled, race.margin());
        if (better < race.level() / race.windows()) {
            copy(challenger, model);
            drift.resetDetector(task);
            end(ChallengeEvent.Kind.ADOPTED, better, version);
            return;
        }
        double worse = PairedTest.pValue(challengerLosses, modelLosses, filled, race.margin());
        if (worse < race.level()) {
            end(ChallengeEvent.Kind.DROPPED, worse, version);
        } else if (rounds >= race.windows()) {
            end(ChallengeEvent.Kind.DROPPED, Double.NaN, version);
        } else {
            filled = 0;
        }
    }

    private void end(ChallengeEvent.Kind kind, double p, long version) {
        events.add(new ChallengeEvent(kind, task, config.tasks().get(task).name(), paired, mean(challengerLosses),
                mean(modelLosses), p, version));
        racing = false;
        filled = 0;
    }

    private double mean(double[] losses) {
        return Arrays.stream(losses, 0, filled).average().orElse(Double.NaN);
    }

    /**
     * The row's loss summed over its labeled tasks, each on the scale where 1 is knowing nothing: squared error over
     * the target's running variance, log-loss (probability floored at 1e-7) over ln K; NaN for an unlabeled row.
     */
    private double loss(BatchPredictions p, ExampleBatch batch, int r, Preprocessing preprocessing) {
        double sum = 0;
        boolean any = false;
        for (int t = 0; t < types.length; t++) {
            if (!batch.isLabeled(t, r)) {
                continue;
            }
            any = true;
            double raw = ExampleLoss.of(config.tasks().get(t).kind(), p, t, r, batch.labelValue(t, r));
            double scale = config.tasks().get(t).kind() == TaskKind.REGRESSION ? preprocessing.targetScale(t) : 1;
            sum += raw / (scale * scale) / logClasses[t];
        }
        return any ? sum : Double.NaN;
    }

    /** The spec with the optimiser's rate × {@link #RATE}: the challenger's (its state is laid out alike). */
    private static ModelConfig faster(ModelConfig c) {
        OptimizerConfig o = c.optimizer();
        OptimizerConfig boosted = new OptimizerConfig(o.kind(), o.learningRate() * RATE, o.momentum(), o.nesterov(),
                o.beta1(), o.beta2(), o.epsilon(), o.weightDecay());
        return new ModelConfig(c.name(), c.seed(), c.features(), c.tasks(), c.trunk(), c.heads(), boosted, c.training(),
                c.preprocessing(), c.metrics(), c.taskInputs(), c.weighting(), c.regularizers());
    }

    private static void copy(ModelBackend from, ModelBackend to) {
        ByteBuffer state = ByteBuffer.allocate(from.stateBytes()).order(ByteOrder.LITTLE_ENDIAN);
        from.writeState(state);
        try {
            to.readState(ByteBuffer.wrap(state.array()).order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException e) {
            throw new IllegalStateException("a model of the same spec cannot read this model's state", e);
        }
    }

    /**
     * Whether a race is on, and if so its task, the window fill, the windows done, the examples paired, both models'
     * losses in the window (interleaved) and the challenger's state.
     */
    void write(StateWriter out) {
        out.putInt(racing ? 1 : 0);
        if (!racing) {
            return;
        }
        out.putInt(task).putInt(filled).putInt(rounds).putLong(paired);
        for (int i = 0; i < filled; i++) {
            out.putDouble(modelLosses[i]).putDouble(challengerLosses[i]);
        }
        out.put(challenger.stateBytes(), challenger::writeState);
    }

    /** Reads what {@link #write} wrote from a challenge of the same spec. */
    void read(StateReader in) throws IOException {
        events.clear();
        racing = in.getCount("challenger flag", 1) == 1;
        filled = 0;
        if (!racing) {
            return;
        }
        task = in.getCount("challenged task", config.tasks().size() - 1);
        race = config.tasks().get(task).drift().challenge();
        filled = in.getCount("paired losses in the window", modelLosses.length - 1);
        // Any count a spec may allow: a restart may shorten the race, which then ends at its next window.
        rounds = in.getCount("race windows", ChallengeRace.MAX_WINDOWS - 1);
        paired = in.getLong();
        for (int i = 0; i < filled; i++) {
            modelLosses[i] = in.getDouble();
            challengerLosses[i] = in.getDouble();
        }
        if (challenger == null) {
            challenger = Backends.select(faster(config), model.capacity());
        }
        challenger.readState(in.buffer());
    }
}
