package io.streammtl.data;

import io.streammtl.data.csv.CsvException;
import io.streammtl.data.csv.CsvFormat;
import io.streammtl.data.csv.CsvReader;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Opens tabular data by path, or from inside the jar with a {@code classpath:} prefix (the bundled wine data). */
public final class DataFiles {
    public static final String CLASSPATH = "classpath:";

    private DataFiles() {
    }

    /** Opens with the delimiter and quote a model spec's {@code csv} section asks for. */
    public static CsvReader open(String location, io.streammtl.config.CsvConfig csv) {
        return open(location, new CsvFormat(csv.delimiter(), csv.quote()));
    }

    public static CsvReader open(String location, CsvFormat format) {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            InputStream in = DataFiles.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw CsvException.of(location, "no such resource in the jar");
            }
            return CsvReader.open(new InputStreamReader(in, StandardCharsets.UTF_8), location, format);
        }
        return CsvReader.open(Path.of(location), format);
    }
}
