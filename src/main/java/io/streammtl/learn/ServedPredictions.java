package io.streammtl.learn;

import io.streammtl.config.ModelConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Predictions served when examples arrive, as the service's predict stage makes them with the latest model, and
 * scored against their labels only when those are learned (served quality, a {@link PrequentialScoring}), with the
 * model versions that passed in between. Arrivals are predicted in micro-batches: the model moves only at a step, so
 * predicting every waiting arrival just before the next step gives what each would have got on arrival.
 */
final class ServedPredictions {
    private final OnlineLearner learner;
    private final int[] widths;
    private final ExampleBatch batch;
    private final List<Arrival> unserved = new ArrayList<>();
    private final PrequentialScoring scoring;
    private long lagSteps;
    private long scored;

    ServedPredictions(OnlineLearner learner) {
        ModelConfig config = learner.config();
        this.learner = learner;
        this.widths = config.tasks().stream().mapToInt(task -> task.outputs()).toArray();
        this.batch = ExampleBatch.forModel(config);
        this.scoring = new PrequentialScoring(config);
    }

    /** Takes an arrival to serve with the current model. */
    void arrive(Arrival arrival) {
        unserved.add(arrival);
        batch.add(arrival.example());
        if (batch.isFull()) {
            serve();
        }
    }

    /**
     * Scores the served predictions of the labeled examples about to be learned, against their labels, with the
     * model as it stands before the step; call before every step, so that no arrival waits across a step unserved.
     */
    void scoreBeforeStep(List<Arrival> learned) {
        serve();
        long version = learner.counters().applied();
        for (Arrival arrival : learned) {
            Example example = arrival.example();
            if (!example.hasAnyLabel()) {
                continue;
            }
            for (int t = 0; t < widths.length; t++) {
                if (example.labeled()[t]) {
                    scoring.record(t, example.labels()[t], arrival.served(t), 0);
                }
            }
            lagSteps += version - arrival.servedVersion();
            scored++;
        }
    }

    private void serve() {
        if (unserved.isEmpty()) {
            return;
        }
        BatchPredictions predictions = learner.predict(batch);
        for (int r = 0; r < unserved.size(); r++) {
            float[][] outputs = new float[widths.length][];
            for (int t = 0; t < widths.length; t++) {
                outputs[t] = Arrays.copyOfRange(predictions.outputs(t), r * widths[t], (r + 1) * widths[t]);
            }
            unserved.get(r).serve(outputs, predictions.modelVersion());
        }
        unserved.clear();
        batch.clear();
    }

    PrequentialScoring scoring() {
        return scoring;
    }

    /** Mean optimiser steps between serving a labeled example and learning it (0 before any was scored). */
    double meanVersionLag() {
        return scored == 0 ? 0 : (double) lagSteps / scored;
    }
}
