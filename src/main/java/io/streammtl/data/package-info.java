/**
 * Tabular data: opening CSV files and bundled tables, and generating synthetic ones. May import {@code config} only;
 * turning rows into learner examples is {@code learn}'s job, so no {@code learn}, {@code model}, {@code stream},
 * Kafka or Prometheus.
 */
package io.streammtl.data;
