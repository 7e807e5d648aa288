package io.streammtl.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A parsed Prometheus text exposition, enough for tests: every sample's name, labels and value. */
record Exposition(List<Series> series, Map<String, String> types) {
    record Series(String name, Map<String, String> labels, double value) {
    }

    static Exposition parse(String text) {
        List<Series> out = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
            Map<String, String> labels = new TreeMap<>();
            if (brace >= 0) {
                String body = line.substring(brace + 1, line.lastIndexOf('}'));
                int i = 0;
                while (i < body.length()) {
                    int eq = body.indexOf('=', i);
                    int end = body.indexOf('"', eq + 2);
                    while (body.charAt(end - 1) == '\\') {
                        end = body.indexOf('"', end + 1);
                    }
                    labels.put(body.substring(i, eq), body.substring(eq + 2, end));
                    i = end + 1;
                    if (i < body.length() && body.charAt(i) == ',') {
                        i++;
                    }
                }
            }
            out.add(new Series(name, labels, Double.parseDouble(line.substring(space + 1)
                    .replace("+Inf", "Infinity").replace("-Inf", "-Infinity"))));
        }
        return new Exposition(out, types);
    }

    /** The value of the one series with this name whose labels include {@code labels} (k1, v1, k2, v2...). */
    double value(String name, String... labels) {
        List<Series> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " series " + name + List.of(labels) + " in the scrape");
        }
        return found.get(0).value();
    }

    List<Series> find(String name, String... labels) {
        List<Series> found = new ArrayList<>();
        for (Series s : series) {
            boolean match = s.name().equals(name);
            for (int i = 0; match && i < labels.length; i += 2) {
                match = labels[i + 1].equals(s.labels().get(labels[i]));
            }
            if (match) {
                found.add(s);
            }
        }
        return found;
    }
}
