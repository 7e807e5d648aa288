package io.streammtl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

class ChartContentTest {

    @Test
    void scatterAxesAreLabelledWithTheTask() {
        XYPlot plot = ScatterChart.of(new ScatterSeries("price", new double[] {1, 2}, new double[] {1, 3}))
                .getXYPlot();

        assertEquals("True price", plot.getDomainAxis().getLabel());
        assertEquals("Predicted price", plot.getRangeAxis().getLabel());
    }

    @Test
    void identityLineSpansMinToMaxOfTruth() {
        XYPlot plot = ScatterChart.of(new ScatterSeries("price",
                new double[] {4, -2, 7, 1}, new double[] {100, -50, 0, 3})).getXYPlot();

        XYDataset line = plot.getDataset(1);
        assertEquals(2, line.getItemCount(0));
        assertEquals(-2.0, line.getXValue(0, 0));
        assertEquals(-2.0, line.getYValue(0, 0));
        assertEquals(7.0, line.getXValue(0, 1));
        assertEquals(7.0, line.getYValue(0, 1));
    }

    @Test
    void curveSkipsNaNValuesAndIsTitledWithTaskAndMetric() {
        JFreeChart chart = CurveChart.of(new MetricCurve("churn", "accuracy",
                new long[] {10, 20, 30, 40}, new double[] {Double.NaN, 0.5, Double.NaN, 0.7}));

        XYDataset data = chart.getXYPlot().getDataset();
        assertEquals(2, data.getItemCount(0));
        assertEquals(20.0, data.getXValue(0, 0));
        assertEquals(40.0, data.getXValue(0, 1));
        assertEquals("churn: accuracy (prequential, windowed)", chart.getTitle().getText());
        assertEquals("examples seen", chart.getXYPlot().getDomainAxis().getLabel());
    }
}
