/**
 * Regularisers of the network's parameters (L1, L2, decoupled decay, head coupling). Model math: never imports
 * Kafka, Prometheus, {@code stream}, {@code metrics} or {@code cli}.
 */
package io.streammtl.model.regularize;
