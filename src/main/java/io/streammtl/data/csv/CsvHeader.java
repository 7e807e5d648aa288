package io.streammtl.data.csv;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated column names of a CSV file and their positions.
 */
final class CsvHeader {

    private final String source;
    private final long line;
    private final List<String> names;
    private final Map<String, Integer> indexByName;

    private CsvHeader(String source, long line, List<String> names, Map<String, Integer> indexByName) {
        this.source = source;
        this.line = line;
        this.names = names;
        this.indexByName = indexByName;
    }

    /**
     * Trims the raw names and rejects blank or duplicate ones.
     *
     * @param line the physical line where the header record starts
     */
    static CsvHeader of(String source, long line, String[] raw) {
        String[] names = new String[raw.length];
        Map<String, Integer> indexByName = new HashMap<>(raw.length * 2);
        for (int i = 0; i < raw.length; i++) {
            String name = raw[i].trim();
            if (name.isEmpty()) {
                throw CsvException.at(source, line, "blank header name at position " + (i + 1) + " of " + raw.length);
            }
            Integer previous = indexByName.putIfAbsent(name, i);
            if (previous != null) {
                throw CsvException.at(source, line, name,
                        "duplicate header name at positions " + (previous + 1) + " and " + (i + 1));
            }
            names[i] = name;
        }
        return new CsvHeader(source, line, List.of(names), indexByName);
    }

    List<String> names() {
        return names;
    }

    int size() {
        return names.size();
    }

    long line() {
        return line;
    }

    int indexOf(String name) {
        Integer index = indexByName.get(name);
        return index == null ? -1 : index;
    }

    int require(String name) {
        int index = indexOf(name);
        if (index < 0) {
            throw CsvException.at(source, line, name, "not in header (columns: " + String.join(", ", names) + ")");
        }
        return index;
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
