/**
 * The multi-task network: shared trunk, task heads, losses, backends and the step. Model math: never imports
 * Kafka, Prometheus, {@code stream}, {@code metrics} or {@code cli}.
 */
package io.streammtl.model;
