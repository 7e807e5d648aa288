/**
 * Seeded synthetic data sets (regression, drift, housing, transfer) written as CSV for demos, tests and benchmarks.
 * May import {@code config} and {@code data}; no {@code learn}, {@code model}, {@code stream}, Kafka or Prometheus.
 */
package io.streammtl.data.generate;
