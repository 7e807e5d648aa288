package io.streammtl.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;

/** Renders scatter panels and metric-curve panels into one PNG grid with an overall title. */
public final class EvaluationPlot {

    static final int COLUMNS = 2;
    static final int PANEL_WIDTH = 600;
    static final int PANEL_HEIGHT = 420;
    static final int TITLE_HEIGHT = 50;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);

    private EvaluationPlot() {
    }

    /**
     * Writes one scatter panel per series, then one line panel per curve, two per row.
     *
     * @throws IllegalArgumentException if both lists are empty
     */
    public static void write(Path png, String title, List<ScatterSeries> scatters, List<MetricCurve> curves)
            throws IOException {
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(scatters, "scatters");
        Objects.requireNonNull(curves, "curves");
        if (scatters.isEmpty() && curves.isEmpty()) {
            throw new IllegalArgumentException("Nothing to plot: no scatter series and no metric curves");
        }
        // The CLI runs on display-less servers; an explicit caller choice still wins.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }

        List<JFreeChart> panels = new ArrayList<>();
        scatters.forEach(s -> panels.add(ScatterChart.of(s)));
        curves.forEach(c -> panels.add(CurveChart.of(c)));

        BufferedImage image = render(title, panels);
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("No PNG writer available for " + png);
        }
    }

    static int imageHeight(int panelCount) {
        int rows = (panelCount + COLUMNS - 1) / COLUMNS;
        return TITLE_HEIGHT + rows * PANEL_HEIGHT;
    }

    private static BufferedImage render(String title, List<JFreeChart> panels) {
        BufferedImage image = new BufferedImage(COLUMNS * PANEL_WIDTH, imageHeight(panels.size()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, image.getWidth(), image.getHeight());
            drawTitle(g2, title, image.getWidth());
            for (int i = 0; i < panels.size(); i++) {
                Rectangle2D area = new Rectangle2D.Double((i % COLUMNS) * PANEL_WIDTH,
                        TITLE_HEIGHT + (i / COLUMNS) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
                panels.get(i).draw(g2, area);
            }
        } finally {
            g2.dispose();
        }
        return image;
    }

    private static void drawTitle(Graphics2D g2, String title, int width) {
        g2.setFont(TITLE_FONT);
        g2.setColor(Color.BLACK);
        FontMetrics metrics = g2.getFontMetrics();
        int x = Math.max(0, (width - metrics.stringWidth(title)) / 2);
        int y = (TITLE_HEIGHT - metrics.getHeight()) / 2 + metrics.getAscent();
        g2.drawString(title, x, y);
    }
}
