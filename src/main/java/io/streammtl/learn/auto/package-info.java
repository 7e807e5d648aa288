/**
 * Champion and challengers: variants of one spec learn side by side on the same stream, and a paired test on their
 * prequential losses decides which one serves (no Kafka, no Prometheus).
 */
package io.streammtl.learn.auto;
