package io.streammtl.report;

import java.util.Objects;

/** Predicted-versus-true values of one regression task, drawn as a scatter panel. */
public record ScatterSeries(String task, double[] truth, double[] predicted) {

    public ScatterSeries {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(predicted, "predicted");
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("Scatter series for task '" + task + "' has "
                    + truth.length + " true values but " + predicted.length + " predictions");
        }
    }
}
