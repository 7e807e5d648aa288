package io.streammtl.data.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The white→red transfer stream from the bundled UCI wine data (Cortez et al. 2009): the first N rows of
 * {@code red-train.csv} (a random subset, the split being a permutation) and every white row, shuffled together with
 * a seed; each row labels one task, {@code red_quality} or {@code white_quality}, the other cell left empty. The
 * test file is {@code red-test.csv} with its label as {@code red_quality}.
 */
public final class WineTransfer {
    private static final String RED_TRAIN = "data/wine/red-train.csv";
    private static final String RED_TEST = "data/wine/red-test.csv";
    private static final String WHITE = "data/wine/winequality-white.csv";
    /** Red rows available for training. */
    public static final int RED_TRAIN_ROWS = 1279;

    private WineTransfer() {
    }

    /** Writes the training stream: {@code redRows} red rows (1 to 1279) among all white rows, shuffled by seed. */
    public static void writeTrain(Writer out, int redRows, long seed) throws IOException {
        if (redRows < 1 || redRows > RED_TRAIN_ROWS) {
            throw new IllegalArgumentException("--red-rows " + redRows + " is out of range; expected 1 to "
                    + RED_TRAIN_ROWS);
        }
        List<String[]> red = read(RED_TRAIN);
        List<String[]> white = read(WHITE);
        String[] header = red.get(0);
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= redRows; i++) {
            rows.add(row(red.get(i), true));
        }
        for (int i = 1; i < white.size(); i++) {
            rows.add(row(white.get(i), false));
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = rows.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String tmp = rows.get(i);
            rows.set(i, rows.get(j));
            rows.set(j, tmp);
        }
        writeHeader(out, header);
        for (String row : rows) {
            out.write(row);
            out.write('\n');
        }
    }

    /** Writes the red test rows (all 320 of red-test.csv) with the transfer stream's columns. */
    public static void writeTest(Writer out) throws IOException {
        List<String[]> red = read(RED_TEST);
        writeHeader(out, red.get(0));
        for (int i = 1; i < red.size(); i++) {
            out.write(row(red.get(i), true));
            out.write('\n');
        }
    }

    private static void writeHeader(Writer out, String[] header) throws IOException {
        List<String> names = new ArrayList<>(List.of(header).subList(0, header.length - 1));
        names.add("red_quality");
        names.add("white_quality");
        out.write(String.join(",", names));
        out.write('\n');
    }

    private static String row(String[] cells, boolean red) {
        String features = String.join(",", List.of(cells).subList(0, cells.length - 1));
        String quality = cells[cells.length - 1];
        return features + "," + (red ? quality + "," : "," + quality);
    }

    private static List<String[]> read(String resource) throws IOException {
        InputStream in = WineTransfer.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("no such resource in the jar: " + resource);
        }
        List<String[]> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    out.add(line.replace("\"", "").split(";", -1));
                }
            }
        }
        return out;
    }
}
