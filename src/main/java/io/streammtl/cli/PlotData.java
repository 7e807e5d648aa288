package io.streammtl.cli;

import io.streammtl.config.TaskKind;
import io.streammtl.learn.EvaluationResult;
import io.streammtl.learn.TaskEvaluation;
import io.streammtl.report.MetricCurve;
import io.streammtl.report.ScatterSeries;

import java.util.ArrayList;
import java.util.List;

/** Turns evaluation results into the report's chart series. */
final class PlotData {
    private PlotData() {
    }

    /** Predicted vs true for each regression task that has test predictions. */
    static List<ScatterSeries> scatters(EvaluationResult result) {
        List<ScatterSeries> out = new ArrayList<>();
        for (TaskEvaluation task : result.tasks()) {
            if (task.task().kind() == TaskKind.REGRESSION && task.truth().length > 0) {
                out.add(new ScatterSeries(task.task().name(), task.truth(), task.predicted()));
            }
        }
        return out;
    }

    /** The windowed primary metric of each task over the stream. */
    static List<MetricCurve> curves(EvaluationResult result) {
        List<MetricCurve> out = new ArrayList<>();
        for (TaskEvaluation task : result.tasks()) {
            long[] driftAt = task.drifts().stream()
                    .filter(d -> d.level() == io.streammtl.learn.drift.DriftLevel.DRIFT)
                    .mapToLong(io.streammtl.learn.DriftSignal::examples).toArray();
            out.add(new MetricCurve(task.task().name(), task.curveMetric(), task.curveExamples(), task.curveValues(),
                    driftAt));
        }
        return out;
    }
}
