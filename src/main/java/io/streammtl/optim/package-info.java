/**
 * Optimisers (SGD, Adam, AdamW, schedule-free AdamW) and their explicit, snapshot-able state. Model math: never imports Kafka,
 * Prometheus, {@code stream}, {@code metrics} or {@code cli}.
 */
package io.streammtl.optim;
