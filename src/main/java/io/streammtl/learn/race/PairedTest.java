package io.streammtl.learn.race;

/**
 * The one-sided paired test behind every promotion and pruning: is variant B's loss below {@code 1 − margin} of
 * variant A's over a window? It is a t-test on batch means (the window's paired differences
 * {@code (1 − margin)·a_i − b_i} cut into {@value #BLOCKS} consecutive blocks, Student's t on the block means with
 * nine degrees of freedom). Per-example losses of online learners are autocorrelated (both models drift slowly), which
 * makes a t-test on single examples too eager; block means of consecutive examples are close to independent, so the
 * level holds (the method of batch means, Schmeiser 1982). Each window is tested once on its own examples, so over a
 * stationary stream a variant that is no better is promoted in at most a fraction {@code level} of windows, and after
 * a drift the next window's evidence is not outweighed by the old windows', as it would be by a sequential test over
 * the whole history.
 */
public final class PairedTest {
    public static final int BLOCKS = 10;

    private PairedTest() {
    }

    /**
     * The p-value of "b's mean loss is below (1 − margin) × a's" over the positions where both are finite (NaN: a
     * variant that had not started); 1 where fewer than {@link #BLOCKS} positions are shared.
     */
    public static double pValue(double[] a, double[] b, int length, double margin) {
        int shared = 0;
        for (int i = 0; i < length; i++) {
            if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
                shared++;
            }
        }
        if (shared < BLOCKS) {
            return 1;
        }
        double[] means = new double[BLOCKS];
        int[] counts = new int[BLOCKS];
        int seen = 0;
        for (int i = 0; i < length; i++) {
            if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
                int block = (int) ((long) seen * BLOCKS / shared);
                means[block] += (1 - margin) * a[i] - b[i];
                counts[block]++;
                seen++;
            }
        }
        double mean = 0;
        for (int k = 0; k < BLOCKS; k++) {
            means[k] /= counts[k];
            mean += means[k] / BLOCKS;
        }
        double squares = 0;
        for (double m : means) {
            squares += (m - mean) * (m - mean);
        }
        double standardError = Math.sqrt(squares / (BLOCKS - 1) / BLOCKS);
        if (standardError == 0) {
            return mean > 0 ? 0 : 1;
        }
        return StudentT.upperTail(mean / standardError, BLOCKS - 1);
    }
}
