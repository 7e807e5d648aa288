package io.streammtl.learn.metrics;

/** Macro-averaged F1 from a confusion matrix indexed {@code [truth][predicted]}. */
final class MacroF1 {

    private MacroF1() {
    }

    /**
     * Averages per-class F1 = 2tp / (2tp + fp + fn), which is 0 whenever precision or recall is
     * undefined but the class occurs; classes never true and never predicted are left out.
     * NaN when no class occurs.
     */
    static double of(long[][] confusion) {
        int classes = confusion.length;
        double f1Sum = 0.0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            long truePositives = confusion[c][c];
            long falseNegatives = 0;
            long falsePositives = 0;
            for (int other = 0; other < classes; other++) {
                if (other != c) {
                    falseNegatives += confusion[c][other];
                    falsePositives += confusion[other][c];
                }
            }
            double denominator = 2.0 * truePositives + falsePositives + falseNegatives;
            if (denominator == 0.0) {
                continue;
            }
            f1Sum += 2.0 * truePositives / denominator;
            counted++;
        }
        return counted == 0 ? Double.NaN : f1Sum / counted;
    }
}
