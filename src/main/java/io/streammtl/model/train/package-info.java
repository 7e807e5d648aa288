/**
 * The training step, written once over the compute seam, and the choice of backend: {@code MultiTaskTrainer} (the
 * learner's {@code ModelBackend}) and {@code Backends}. It may import {@code model}, {@code model.regularize},
 * {@code model.weighting}, {@code optim}, {@code compute} and {@code config}; only {@code Backends} names a concrete
 * compute backend. No Kafka, no Prometheus.
 */
package io.streammtl.model.train;
