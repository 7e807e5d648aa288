package io.streammtl.report;

import java.awt.BasicStroke;
import java.awt.Color;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Builds the line chart of one prequential metric curve. */
final class CurveChart {

    static final Color LINE_COLOR = new Color(31, 119, 180);

    private CurveChart() {
    }

    static JFreeChart of(MetricCurve curve) {
        JFreeChart chart = ChartFactory.createXYLineChart(
                curve.task() + ": " + curve.metric() + " (prequential, windowed)", "examples seen",
                curve.metric(), points(curve), PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, LINE_COLOR);
        renderer.setSeriesStroke(0, new BasicStroke(1.5f));
        plot.setRenderer(renderer);
        // Metrics such as R² or accuracy live far from zero; forcing zero in would flatten the curve.
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        for (long x : curve.driftAt()) {
            org.jfree.chart.plot.ValueMarker marker = new org.jfree.chart.plot.ValueMarker(x);
            marker.setPaint(new java.awt.Color(0xD62728));
            marker.setStroke(new java.awt.BasicStroke(1.5f));
            marker.setAlpha(1.0f);
            marker.setLabel("drift");
            plot.addDomainMarker(marker);
        }
        ChartStyle.apply(chart);
        return chart;
    }

    private static XYSeriesCollection points(MetricCurve curve) {
        XYSeries xy = new XYSeries(curve.task() + "/" + curve.metric(), false, true);
        for (int i = 0; i < curve.values().length; i++) {
            double y = curve.values()[i];
            if (!Double.isNaN(y)) {
                xy.add(curve.examples()[i], y, false);
            }
        }
        return new XYSeriesCollection(xy);
    }
}
