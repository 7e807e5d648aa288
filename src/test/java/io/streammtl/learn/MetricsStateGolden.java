package io.streammtl.learn;

import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.metrics.PrequentialMetrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * The seeded run behind the checked-in metrics-state golden file: records straight into a learner's metrics, with
 * no model in the loop, so the file depends on the state format only. {@link MetricsStateGoldenTest} rewrites the
 * file when run with {@code -Dstreammtl.golden.write=true}.
 */
final class MetricsStateGolden {
    static final String RESOURCE = "/state/metrics-state-v1.bin";
    static final Path SOURCE = Path.of("src/test/resources/state/metrics-state-v1.bin");
    static final String SPEC = """
            name: golden
            seed: 1
            features: [{name: a}, {name: b}]
            tasks:
              - {name: y, kind: regression}
              - {name: p, kind: binary}
              - {name: k, kind: multiclass, classes: [u, v, w]}
            trunk: {layers: [4]}
            metrics: {window: 8}
            """;
    /** More records than the window, so that the ring has wrapped and its oldest row is not the first slot. */
    static final int RECORDS = 21;
    /** This record's prediction is NaN, so every task has one skipped record. */
    static final int NON_FINITE = 5;

    private MetricsStateGolden() {
    }

    static OnlineLearner learner() {
        return new OnlineLearner(ModelConfigLoader.parse(SPEC).model());
    }

    /** A learner whose metrics hold the seeded records; the same on every run. */
    static OnlineLearner seededLearner() {
        OnlineLearner learner = learner();
        Random random = new Random(2024);
        float[] outputs = new float[3];
        for (int i = 0; i < RECORDS; i++) {
            double truth = Math.round(random.nextGaussian() * 100) / 10.0;
            outputs[0] = i == NON_FINITE ? Float.NaN : (float) (truth + random.nextInt(11) / 4.0 - 1.25);
            learner.metrics(0).record(truth, outputs, 0);

            int positive = random.nextInt(2);
            outputs[0] = i == NON_FINITE ? Float.NaN : (random.nextInt(16) + 8 * positive) / 24f;
            learner.metrics(1).record(positive, outputs, 0);

            int label = random.nextInt(3);
            for (int c = 0; c < 3; c++) {
                outputs[c] = (random.nextInt(4) + (c == label ? 2 : 0)) / 16f;
            }
            if (i == NON_FINITE) {
                outputs[1] = Float.NaN;
            }
            learner.metrics(2).record(label, outputs, 0);
        }
        return learner;
    }

    static PrequentialMetrics[] metrics(OnlineLearner learner) {
        return new PrequentialMetrics[] {learner.metrics(0), learner.metrics(1), learner.metrics(2)};
    }

    static byte[] checkedIn() throws IOException {
        try (InputStream in = MetricsStateGolden.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the test resources");
            }
            return in.readAllBytes();
        }
    }
}
