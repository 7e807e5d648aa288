/**
 * The online learner: predict-then-train on micro-batches, input preparation and guards, prequential evaluation and
 * drift responses. May import {@code config}, {@code model}, {@code optim} and {@code data.csv}; never Kafka,
 * Prometheus, {@code stream}, {@code metrics} or {@code cli}.
 */
package io.streammtl.learn;
