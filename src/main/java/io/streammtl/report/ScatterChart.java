package io.streammtl.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Builds the predicted-versus-true chart of one regression task, with a red dashed y = x reference line. */
final class ScatterChart {

    static final Color POINT_COLOR = new Color(31, 119, 180, 90);
    static final Color IDENTITY_COLOR = Color.RED;

    private ScatterChart() {
    }

    static JFreeChart of(ScatterSeries series) {
        JFreeChart chart = ChartFactory.createScatterPlot(series.task(), "True " + series.task(),
                "Predicted " + series.task(), points(series), PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer pointRenderer = new XYLineAndShapeRenderer(false, true);
        pointRenderer.setSeriesPaint(0, POINT_COLOR);
        pointRenderer.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        plot.setRenderer(0, pointRenderer);
        identityLine(series.truth()).ifPresent(line -> {
            plot.setDataset(1, line);
            plot.setRenderer(1, identityRenderer());
        });
        ChartStyle.apply(chart);
        return chart;
    }

    private static XYSeriesCollection points(ScatterSeries series) {
        XYSeries xy = new XYSeries(series.task(), false, true);
        for (int i = 0; i < series.truth().length; i++) {
            double x = series.truth()[i];
            double y = series.predicted()[i];
            if (Double.isFinite(x) && Double.isFinite(y)) {
                xy.add(x, y, false);
            }
        }
        return new XYSeriesCollection(xy);
    }

    /** Spans min..max of the true values only, matching matplotlib's plot([min,max],[min,max],'r--'). */
    private static Optional<XYSeriesCollection> identityLine(double[] truth) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double t : truth) {
            if (Double.isFinite(t)) {
                min = Math.min(min, t);
                max = Math.max(max, t);
            }
        }
        if (min > max) {
            return Optional.empty();
        }
        XYSeries line = new XYSeries("y = x", false, true);
        line.add(min, min, false);
        line.add(max, max, false);
        return Optional.of(new XYSeriesCollection(line));
    }

    private static XYLineAndShapeRenderer identityRenderer() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, IDENTITY_COLOR);
        renderer.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {8f, 5f}, 0f));
        return renderer;
    }
}
