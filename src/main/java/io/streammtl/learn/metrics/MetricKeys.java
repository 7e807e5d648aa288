package io.streammtl.learn.metrics;

/** Names of the metrics that appear as keys in metric result maps. */
public final class MetricKeys {

    public static final String MSE = "mse";
    public static final String MAE = "mae";
    public static final String R2 = "r2";
    public static final String ACCURACY = "accuracy";
    public static final String LOGLOSS = "logloss";
    public static final String AUC = "auc";
    public static final String MACRO_F1 = "macro_f1";

    private MetricKeys() {
    }
}
