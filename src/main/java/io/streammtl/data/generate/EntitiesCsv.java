package io.streammtl.data.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes an entities data set as two CSV files, the stream and its held-out rows, counting each entity's rows. */
public final class EntitiesCsv {
    private EntitiesCsv() {
    }

    /** Writes every row of {@code generator}; returns the stream rows of each entity (held-out rows not counted). */
    public static long[] write(EntitiesGenerator generator, Path train, Path test) throws IOException {
        long[] counts = new long[generator.names().size()];
        try (Writer trainOut = open(train); Writer testOut = open(test)) {
            String header = String.join(",", generator.header()) + "\n";
            trainOut.write(header);
            testOut.write(header);
            for (long r = 0; r < generator.rows(); r++) {
                EntityRow row = generator.next();
                (row.heldOut() ? testOut : trainOut).write(line(generator, row));
                if (!row.heldOut()) {
                    counts[row.entity()]++;
                }
            }
        }
        return counts;
    }

    private static String line(EntitiesGenerator generator, EntityRow row) {
        List<String> fields = new ArrayList<>(row.features().length + 3);
        fields.add(generator.names().get(row.entity()));
        for (double x : row.features()) {
            fields.add(Decimals.format(x));
        }
        fields.add(Decimals.format(row.y()));
        fields.add(row.above() ? "1" : "0");
        return String.join(",", fields) + "\n";
    }

    private static Writer open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }
}
