package io.streammtl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ConfigException;
import io.streammtl.config.ModelKeys;
import io.streammtl.config.ServiceConfig;
import io.streammtl.stream.broker.EmbeddedKafkaBroker;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the benchmarks on Kafka share: the spec loaded (an error names it), a given broker or an embedded one in a
 * temporary directory deleted afterwards, the data's rows to cycle into events, and the figures written as JSON when
 * asked.
 */
final class KafkaBenchRun {
    /** One benchmark over a broker; returns its figures. */
    interface Bench {
        JsonNode run(String servers, String brokerNote, Path work, ServiceConfig model, List<LabeledEvent> rows)
                throws Exception;
    }

    private KafkaBenchRun() {
    }

    /** Runs {@code bench}; returns the command's exit code. */
    static int run(PrintWriter err, Path config, String data, String bootstrapServers, Path json, Bench bench)
            throws Exception {
        ServiceConfig model;
        try {
            model = SpecFiles.load(config);
        } catch (ConfigException e) {
            err.println("error: " + config + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        Path work = Files.createTempDirectory("streammtl-bench");
        EmbeddedKafkaBroker broker = bootstrapServers == null ? EmbeddedKafkaBroker.start(work.resolve("broker")) : null;
        String servers = broker != null ? broker.bootstrapServers() : bootstrapServers;
        try {
            List<LabeledEvent> rows = ProduceCommand.read(model, data, ModelKeys.DEFAULT_KEY);
            JsonNode figures = bench.run(servers, broker != null ? " (embedded, same JVM)" : "", work, model, rows);
            if (json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), figures);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            WorkDirectory.delete(work);
        }
        return 0;
    }
}
