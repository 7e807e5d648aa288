/**
 * Charts of evaluation results (scatter plots, metric curves) written as PNG files. Never imports Kafka,
 * {@code stream} or {@code cli}.
 */
package io.streammtl.report;
