package io.streammtl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationPlotTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    Path dir;

    @Test
    void writesPngWithTwoColumnsAndOneRowPerPairOfPanels() throws IOException {
        Path png = dir.resolve("report.png");

        EvaluationPlot.write(png, "Evaluation", List.of(scatter("price"), scatter("demand")),
                List.of(curve("price"), curve("demand"), curve("churn")));

        byte[] bytes = Files.readAllBytes(png);
        assertTrue(startsWith(bytes, PNG_SIGNATURE), "file should start with the PNG signature");
        BufferedImage image = read(png);
        assertEquals(2 * EvaluationPlot.PANEL_WIDTH, image.getWidth());
        assertEquals(EvaluationPlot.TITLE_HEIGHT + 3 * EvaluationPlot.PANEL_HEIGHT, image.getHeight());
    }

    @Test
    void singlePanelStillUsesFullTwoColumnWidthAndOneRow() throws IOException {
        Path png = dir.resolve("one.png");

        EvaluationPlot.write(png, "One", List.of(), List.of(curve("price")));

        BufferedImage image = read(png);
        assertEquals(1200, image.getWidth());
        assertEquals(EvaluationPlot.TITLE_HEIGHT + 420, image.getHeight());
    }

    @Test
    void scatterPanelContainsRedIdentityLine() throws IOException {
        Path png = dir.resolve("scatter.png");

        EvaluationPlot.write(png, "Scatter", List.of(scatter("price")), List.of());

        BufferedImage image = read(png);
        int red = countRedPixels(image, 0, EvaluationPlot.TITLE_HEIGHT,
                EvaluationPlot.PANEL_WIDTH, EvaluationPlot.PANEL_HEIGHT);
        assertTrue(red > 100, "expected the red y = x line in the scatter panel, found " + red + " red pixels");
    }

    @Test
    void curveOnlyReportHasNoRedPixels() throws IOException {
        Path png = dir.resolve("curve.png");

        EvaluationPlot.write(png, "Curve", List.of(), List.of(curve("price")));

        BufferedImage image = read(png);
        assertEquals(0, countRedPixels(image, 0, 0, image.getWidth(), image.getHeight()));
    }

    @Test
    void shouldMarkDriftPointsOnTheCurveInRed() throws IOException {
        Path png = dir.resolve("drift.png");
        MetricCurve plain = curve("price");
        long middle = plain.examples()[plain.examples().length / 2];
        MetricCurve marked = new MetricCurve(plain.task(), plain.metric(), plain.examples(), plain.values(),
                new long[] {middle});

        EvaluationPlot.write(png, "Drift", List.of(), List.of(marked));

        BufferedImage image = read(png);
        int red = countRedPixels(image, 0, 0, image.getWidth(), image.getHeight());
        assertTrue(red > 100, "expected a red drift line, found " + red + " red pixels");
    }

    @Test
    void createsMissingParentDirectories() throws IOException {
        Path png = dir.resolve("a/b/c/report.png");
        assertFalse(Files.exists(png.getParent()));

        EvaluationPlot.write(png, "Nested", List.of(scatter("price")), List.of());

        assertNotNull(read(png));
    }

    @Test
    void rejectsEmptyInput() {
        Path png = dir.resolve("empty.png");

        assertThrows(IllegalArgumentException.class,
                () -> EvaluationPlot.write(png, "Empty", List.of(), List.of()));
        assertFalse(Files.exists(png));
    }

    private static ScatterSeries scatter(String task) {
        int n = 200;
        double[] truth = new double[n];
        double[] predicted = new double[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i / 10.0;
            predicted[i] = truth[i] + Math.sin(i) * 2;
        }
        return new ScatterSeries(task, truth, predicted);
    }

    private static MetricCurve curve(String task) {
        long[] examples = {100, 200, 300, 400, 500};
        double[] values = {Double.NaN, 0.4, 0.55, 0.6, 0.62};
        return new MetricCurve(task, "r2", examples, values);
    }

    private static BufferedImage read(Path png) throws IOException {
        try (InputStream in = Files.newInputStream(png)) {
            BufferedImage image = ImageIO.read(in);
            assertNotNull(image, "ImageIO should decode " + png);
            return image;
        }
    }

    private static int countRedPixels(BufferedImage image, int x0, int y0, int width, int height) {
        int count = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (r > 200 && g < 80 && b < 80) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
