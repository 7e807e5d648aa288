/**
 * Task weighting schemes that set the per-task loss weights as training goes (static, uncertainty, GradNorm, DWA,
 * loss scale). Model math: never imports Kafka, Prometheus, {@code stream}, {@code metrics} or {@code cli}.
 */
package io.streammtl.model.weighting;
