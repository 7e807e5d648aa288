/**
 * Prequential (test-then-train) metrics per task kind over a sliding window, and their snapshot codec. Never
 * imports Kafka, Prometheus, {@code stream}, {@code metrics} or {@code cli}.
 */
package io.streammtl.learn.metrics;
