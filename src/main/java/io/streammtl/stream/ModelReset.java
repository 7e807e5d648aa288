package io.streammtl.stream;

import java.util.Map;

/**
 * {@code serve --reset-model}: a Kafka Streams setting that tells the trainer to start a model afresh when its stored
 * state cannot be restored under the current spec (a change that cannot carry over, or a snapshot without a spec),
 * instead of failing the start; the fresh model overwrites the stored state at the next commit.
 */
public final class ModelReset {
    /** The Streams setting, passed through to the processors' app configs. */
    public static final String CONFIG = "streammtl.reset.model";

    private ModelReset() {
    }

    /** Whether {@code appConfigs} (a processor context's) ask for it. */
    static boolean requested(Map<String, Object> appConfigs) {
        return "true".equals(String.valueOf(appConfigs.get(CONFIG)));
    }
}
