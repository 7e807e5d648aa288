package io.streammtl.learn;

import io.streammtl.config.DriftConfig;
import io.streammtl.config.DriftResponse;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.drift.DriftLevel;
import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;
import io.streammtl.model.ModelBackend;
import io.streammtl.model.StepOutcome;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Carries out each task's configured response when its detector signals drift and the loss got worse (a fall in
 * the loss, which two-sided detectors also report, needs none): raise the head's learning rate
 * for some steps, re-initialise the head, roll the model back to the most recent kept state whose windowed
 * loss for that task was lower than now, or start a challenger that replaces the model only if it races better
 * ({@link DriftChallenge}). Deterministic, and its state is part of the learner's snapshot.
 */
final class DriftResponder {
    private static final int KEPT_STATES = 5;

    private final ModelConfig config;
    private final ModelBackend backend;
    private final int[] boostRemaining;
    private final long[] resets;
    private final Deque<Kept> kept = new ArrayDeque<>();
    private final int keepEvery;
    private final DriftChallenge challenge;
    /** Whether a task responds with a challenger: only then does the snapshot hold the race. */
    private final boolean challenges;

    /** A model state kept as a rollback candidate, with each task's windowed loss when it was taken. */
    private record Kept(long version, double[] losses, byte[] state) {
    }

    DriftResponder(ModelConfig config, ModelBackend backend) {
        this.config = config;
        this.backend = backend;
        int tasks = config.tasks().size();
        this.boostRemaining = new int[tasks];
        this.resets = new long[tasks];
        this.keepEvery = config.tasks().stream().map(t -> t.drift())
                .filter(d -> d.response() == DriftResponse.ROLLBACK).mapToInt(DriftConfig::snapshotEverySteps)
                .min().orElse(0);
        this.challenge = new DriftChallenge(config, backend);
        this.challenges = config.tasks().stream().anyMatch(t -> t.drift().response() == DriftResponse.CHALLENGE);
    }

    /** The racing challenger, if any, learns the batch beside the model; see {@link DriftChallenge#learnBeside}. */
    List<ChallengeEvent> learnBeside(ExampleBatch batch, int rows, float[] x, Preprocessing preprocessing,
                                     BatchPredictions modelPredictions, DriftMonitor drift, long version) {
        return challenge.learnBeside(batch, rows, x, preprocessing, modelPredictions, drift, version);
    }

    /** Applies responses for this batch's signals; returns the signals with the response each one got. */
    List<DriftSignal> afterStep(StepOutcome outcome, List<DriftSignal> signals, DriftMonitor drift, long version) {
        if (outcome.applied()) {
            for (int t = 0; t < boostRemaining.length; t++) {
                if (boostRemaining[t] > 0 && --boostRemaining[t] == 0) {
                    backend.heads().setHeadLearningRateScale(t, 1.0);
                }
            }
            if (keepEvery > 0 && version % keepEvery == 0) {
                keep(drift, version);
            }
        }
        if (signals.isEmpty()) {
            return signals;
        }
        List<DriftSignal> out = new ArrayList<>(signals.size());
        for (DriftSignal signal : signals) {
            // Detectors such as ADWIN are two-sided: only a change for the worse calls for a response.
            boolean worse = !(signal.lossAfter() <= signal.lossBefore());
            DriftResponse response = signal.level() == DriftLevel.DRIFT && worse ? respond(signal)
                    : background(signal);
            out.add(new DriftSignal(signal.task(), signal.taskName(), signal.detector(), signal.level(),
                    signal.examples(), signal.statistic(), signal.lossBefore(), signal.lossAfter(), response, version));
        }
        return out;
    }

    private DriftResponse respond(DriftSignal signal) {
        int t = signal.task();
        DriftConfig drift = config.tasks().get(t).drift();
        switch (drift.response()) {
            case BOOST_LR -> {
                backend.heads().setHeadLearningRateScale(t, drift.boostFactor());
                boostRemaining[t] = drift.boostSteps();
            }
            case RESET_HEAD -> backend.heads().resetHead(t, seedFor(t));
            case ROLLBACK -> {
                Kept better = null;
                for (Kept candidate : kept) {
                    if (candidate.losses()[t] < signal.lossAfter()) {
                        better = candidate;
                    }
                }
                if (better == null) {
                    return DriftResponse.NONE;
                }
                try {
                    backend.readState(ByteBuffer.wrap(better.state()).order(ByteOrder.LITTLE_ENDIAN));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot roll back to a state this learner kept", e);
                }
            }
            case BACKGROUND_HEAD -> {
                // A detector without a warning level (ADWIN, Page-Hinkley) never grew one: start afresh instead.
                if (backend.heads().hasBackgroundHead(t)) {
                    backend.heads().promoteBackgroundHead(t);
                } else {
                    backend.heads().resetHead(t, seedFor(t));
                    return DriftResponse.RESET_HEAD;
                }
            }
            case CHALLENGE -> {
                // One race at a time: an alarm during a race costs nothing.
                if (!challenge.start(t)) {
                    return DriftResponse.NONE;
                }
            }
            case NONE -> {
                return DriftResponse.NONE;
            }
        }
        return drift.response();
    }

    private long seedFor(int t) {
        return config.seed() * 31 + t * 1_000_003L + ++resets[t];
    }

    /** A warning starts a background head for tasks that use one; a return to stable drops it. */
    private DriftResponse background(DriftSignal signal) {
        int t = signal.task();
        if (config.tasks().get(t).drift().response() != DriftResponse.BACKGROUND_HEAD) {
            return DriftResponse.NONE;
        }
        if (signal.level() == DriftLevel.WARNING && !backend.heads().hasBackgroundHead(t)) {
            backend.heads().startBackgroundHead(t, seedFor(t));
            return DriftResponse.BACKGROUND_HEAD;
        }
        if (signal.level() == DriftLevel.STABLE && backend.heads().hasBackgroundHead(t)) {
            backend.heads().dropBackgroundHead(t);
        }
        return DriftResponse.NONE;
    }

    private void keep(DriftMonitor drift, long version) {
        double[] losses = new double[config.tasks().size()];
        for (int t = 0; t < losses.length; t++) {
            losses[t] = drift.watches(t) ? drift.meanLoss(t, 0) : Double.NaN;
        }
        ByteBuffer state = ByteBuffer.allocate(backend.stateBytes()).order(ByteOrder.LITTLE_ENDIAN);
        backend.writeState(state);
        kept.addLast(new Kept(version, losses, state.array()));
        if (kept.size() > KEPT_STATES) {
            kept.removeFirst();
        }
    }

    /**
     * The task count, then per task the boost steps left and the head resets so far (they seed the next reset),
     * then the kept rollback candidates, oldest first: version, each task's windowed loss, the backend state; then,
     * where a task responds with a challenger, the race ({@link DriftChallenge#write}).
     */
    void write(StateWriter out) {
        out.putInt(boostRemaining.length);
        for (int t = 0; t < boostRemaining.length; t++) {
            out.putInt(boostRemaining[t]).putLong(resets[t]);
        }
        out.putInt(kept.size());
        for (Kept k : kept) {
            out.putLong(k.version());
            for (double loss : k.losses()) {
                out.putDouble(loss);
            }
            out.putBytes(k.state());
        }
        if (challenges) {
            challenge.write(out);
        }
    }

    /**
     * Reads what {@link #write} wrote from a responder of the same tasks; re-applies any boost in force. A snapshot
     * from before the challenge response ends before the race: none is on.
     */
    void read(StateReader in) throws IOException {
        int tasks = in.getInt();
        if (tasks != boostRemaining.length) {
            throw new IOException("drift response state has " + tasks + " tasks, expected " + boostRemaining.length);
        }
        for (int t = 0; t < tasks; t++) {
            boostRemaining[t] = in.getInt();
            resets[t] = in.getLong();
            backend.heads().setHeadLearningRateScale(t, boostRemaining[t] > 0 ? config.tasks().get(t).drift().boostFactor() : 1.0);
        }
        kept.clear();
        int count = in.getCount("kept model states", KEPT_STATES);
        for (int i = 0; i < count; i++) {
            long version = in.getLong();
            double[] losses = new double[tasks];
            for (int t = 0; t < tasks; t++) {
                losses[t] = in.getDouble();
            }
            kept.addLast(new Kept(version, losses, in.getBytes()));
        }
        if (challenges && in.hasRemaining()) {
            challenge.read(in);
        }
    }
}
