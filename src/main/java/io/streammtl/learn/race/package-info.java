/**
 * Racing two learners on the same stream: the paired test on their per-example losses that both the
 * champion/challenger selection ({@code learn.auto}) and the drift challenger ({@code learn}) decide by
 * (no Kafka, no Prometheus).
 */
package io.streammtl.learn.race;
