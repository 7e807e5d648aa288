package io.streammtl.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** produce refuses a model key its spec does not accept, or label options it cannot apply, before it sends anything. */
class ProduceCommandTest {
    @Test
    void shouldRefuseAModelKeyTheSpecDoesNotAccept() {
        CommandRun run = CommandRun.of("produce", "--config", "deploy/config/wine.yaml", "--data",
                "classpath:data/wine/red-test.csv", "--model", "store-7", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertTrue(run.err().contains("--model 'store-7' is not a model key"), run.err());
        assertTrue(run.err().contains("kafka.models [default]"), run.err());
    }

    @Test
    void shouldRefuseALabelDelayWhenNoTaskHasALabelTtl() {
        CommandRun run = CommandRun.of("produce", "--config", "deploy/config/wine.yaml", "--data",
                "classpath:data/wine/red-test.csv", "--label-delay", "fixed:2s", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertTrue(run.err().contains("--label-delay: no task of deploy/config/wine.yaml has a label_ttl"), run.err());
    }

    @Test
    void shouldRefuseLabelOptionsWithoutALabelDelay() {
        CommandRun run = CommandRun.of("produce", "--config", "deploy/config/wine.yaml", "--data",
                "classpath:data/wine/red-test.csv", "--label-fraction", "0.5", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertTrue(run.err().contains("apply only with --label-delay"), run.err());
    }
}
