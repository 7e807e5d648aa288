package io.streammtl.stream;

import io.streammtl.config.ModelConfig;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reports are values: new labels only, quality at most once a second or on a stale tick, unchanged by later steps. */
class StepReporterTest {
    private static ExampleBatch labeled(ModelConfig config, SplittableRandom random) {
        ExampleBatch batch = ExampleBatch.forModel(config);
        while (!batch.isFull()) {
            float[] inputs = new float[config.inputWidth()];
            inputs[0] = (float) random.nextDouble();
            int row = batch.add(inputs);
            batch.label(row, 0, (float) random.nextDouble());
        }
        return batch;
    }

    @Test
    void shouldReportNewLabelsOnlyAndKeepItsValuesAfterLaterSteps() {
        ModelConfig config = ServiceTopologyTest.config(0, true).model();
        OnlineLearner learner = new OnlineLearner(config);
        StepReporter reporter = new StepReporter(config);
        SplittableRandom random = new SplittableRandom(4);
        ExampleBatch batch = labeled(config, random);
        learner.predictThenLearn(batch);
        StepReport first = reporter.step(learner, batch.size(), 10);
        assertEquals(batch.size(), first.newlyLabeled(0));
        assertEquals(0, first.newlyLabeled(1), "task p had no labels");
        assertNotNull(first.quality(), "the first report carries the windowed quality");
        learner.predictThenLearn(labeled(config, random));
        StepReport second = reporter.step(learner, batch.size(), 10);
        assertEquals(batch.size(), second.newlyLabeled(0), "only the second batch's labels");
        assertNull(second.quality(), "not again within a second");
        assertEquals(1, first.version(), "a report does not follow the learner");
        assertEquals(2, second.version());
        assertNotNull(reporter.tick(learner), "a tick after steps brings the quality up to date");
        assertNull(reporter.tick(learner), "and none while nothing changed");
    }
}
