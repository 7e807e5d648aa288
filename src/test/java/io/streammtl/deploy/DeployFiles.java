package io.streammtl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared by the deployment tests: the repository's files, YAML reading, and running the external validators. */
final class DeployFiles {
    /** Maven runs the tests in the repository root. */
    static final Path ROOT = Path.of("").toAbsolutePath();
    /** The metrics and health endpoint's default port ({@code metrics.port}), which every deployment file uses. */
    static final int METRICS_PORT = 9400;
    static final YAMLMapper YAML = new YAMLMapper();

    private DeployFiles() {
    }

    static JsonNode yaml(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    static List<JsonNode> yamlDocuments(String text) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(node);
                }
            }
        }
        return documents;
    }

    /** Exit status and everything the program printed (stdout and stderr together). */
    record Result(int code, String output) {
    }

    /** Runs a program in the repository root with the given variables removed from its environment. */
    static Result run(List<String> command, List<String> unset) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        unset.forEach(builder.environment()::remove);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, List.of());
    }

    /** Text values of a YAML list or map (environment in either compose form), as a map. */
    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        if (node.isArray()) {
            for (JsonNode entry : node) {
                String text = entry.asText();
                int equals = text.indexOf('=');
                out.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1));
            }
        } else {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
