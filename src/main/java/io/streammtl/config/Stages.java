package io.streammtl.config;

/**
 * How the service divides its work ({@code kafka.stages}): one stage that validates, predicts and learns in the
 * single writer of each model ({@code single}), or a prediction stage on every input partition, answering from the
 * model broadcast, and a learning stage, the single writer of each model, fed only the labeled examples
 * ({@code split}).
 */
public enum Stages {
    SINGLE, SPLIT
}
