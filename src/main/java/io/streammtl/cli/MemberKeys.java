package io.streammtl.cli;

import io.streammtl.config.CsvConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.data.DataFiles;
import io.streammtl.data.csv.CsvException;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.data.csv.CsvRow;
import io.streammtl.learn.Example;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The member key of every row of a CSV, read from one or more key columns (values joined by {@code /}), found by
 * the row's line as each {@link Example} records it.
 */
final class MemberKeys implements Function<Example, String> {
    private final Map<Long, String> byLine;

    private MemberKeys(Map<Long, String> byLine) {
        this.byLine = byLine;
    }

    /**
     * The columns that name a row's member: those given with {@code --per}, else the key fields of the spec's task
     * family (its first, when there are several), else none.
     */
    static List<String> columns(List<String> perOption, ModelConfig model) {
        if (perOption != null) {
            return List.copyOf(perOption);
        }
        return model.tasks().stream().filter(TaskConfig::isFamily).findFirst()
                .map(t -> t.family().per()).orElse(List.of());
    }

    /** Reads the key columns of every row of the CSV at {@code location}; a column not in its header is an error. */
    static MemberKeys read(CsvConfig csv, String location, List<String> columns) {
        try (CsvReader reader = DataFiles.open(location, csv)) {
            int[] indexes = new int[columns.size()];
            for (int i = 0; i < indexes.length; i++) {
                indexes[i] = reader.columnIndex(columns.get(i));
                if (indexes[i] < 0) {
                    throw CsvException.of(reader.source(), "--per column '" + columns.get(i)
                            + "' is not in the header (columns: " + String.join(", ", reader.header()) + ")");
                }
            }
            Map<Long, String> byLine = new HashMap<>();
            StringBuilder key = new StringBuilder();
            for (CsvRow row = reader.next(); row != null; row = reader.next()) {
                key.setLength(0);
                for (int i = 0; i < indexes.length; i++) {
                    key.append(i == 0 ? "" : "/").append(row.field(indexes[i]).trim());
                }
                byLine.put(row.line(), key.toString());
            }
            return new MemberKeys(byLine);
        }
    }

    @Override
    public String apply(Example example) {
        return byLine.get(example.line());
    }
}
