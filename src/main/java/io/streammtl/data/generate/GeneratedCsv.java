package io.streammtl.data.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a generated stream as comma-separated text: a header line, then every row. */
public final class GeneratedCsv {
    private GeneratedCsv() {
    }

    /** Writes the whole stream to {@code file}, creating its parent directories. */
    public static void write(StreamGenerator generator, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(generator, out);
        }
    }

    /** Writes the whole stream to {@code out}; fields are plain names and numbers, so nothing needs quoting. */
    public static void write(StreamGenerator generator, Writer out) throws IOException {
        out.write(String.join(",", generator.header()));
        out.write('\n');
        for (long row = 0; row < generator.rows(); row++) {
            out.write(String.join(",", generator.next()));
            out.write('\n');
        }
        out.flush();
    }
}
