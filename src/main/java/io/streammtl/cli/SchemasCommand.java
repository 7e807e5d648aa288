package io.streammtl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.stream.AvroCodec;
import io.streammtl.stream.Codecs;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code streammtl schemas}: each wire type's fingerprint and single-object encoding header, for clients in other
 * languages whose Avro libraries compute no usable fingerprint.
 */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "Print each wire schema's fingerprint and the 10 header bytes its records start with.")
public final class SchemasCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    /** One wire type as the service writes or reads it; {@code version} is its number under schemas/history. */
    record WireType(String name, String fullName, int version, String role, long fingerprint, byte[] header) {
        String fingerprintHex() {
            return String.format(Locale.ROOT, "%016x", fingerprint);
        }

        String headerHex(String delimiter) {
            return HexFormat.ofDelimiter(delimiter).formatHex(header);
        }
    }

    /** The service's wire types with the figures its codecs use. */
    static List<WireType> wireTypes() {
        Codecs codecs = Codecs.create();
        return List.of(type(codecs.events(), "input: events topic"),
                type(codecs.predictions(), "output: predictions topic"),
                type(codecs.snapshots(), "output: snapshots topic"),
                type(codecs.driftEvents(), "output: drift topic"),
                type(codecs.statuses(), "output: drift topic"),
                type(codecs.labels(), "input: labels topic"));
    }

    private static WireType type(AvroCodec<?> codec, String role) {
        Schema schema = codec.schema();
        return new WireType(schema.getName(), schema.getFullName(), historyVersion(schema), role, codec.fingerprint(),
                codec.header());
    }

    /** The version under schemas/history whose canonical form is the current schema's; 0 when none is. */
    private static int historyVersion(Schema current) {
        String canonical = SchemaNormalization.toParsingForm(current);
        for (int version = 1; ; version++) {
            String resource = "schemas/history/" + current.getName() + ".v" + version + ".avsc";
            try (InputStream in = SchemasCommand.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return 0;
                }
                if (SchemaNormalization.toParsingForm(new Schema.Parser().parse(in)).equals(canonical)) {
                    return version;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<WireType> types = wireTypes();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = mapper.createObjectNode();
            root.put("marker", "c301");
            ArrayNode list = root.putArray("schemas");
            for (WireType type : types) {
                ObjectNode node = list.addObject();
                node.put("name", type.name());
                node.put("full_name", type.fullName());
                node.put("version", type.version());
                node.put("file", "schemas/" + type.name() + ".avsc");
                if (type.version() > 0) {
                    // The released version, self-contained and never edited: the file a client should pin.
                    node.put("history_file", "schemas/history/" + type.name() + ".v" + type.version() + ".avsc");
                }
                node.put("role", type.role());
                // A string: the unsigned 64-bit value does not fit a JSON number that every reader keeps exact.
                node.put("fingerprint", type.fingerprintHex());
                node.put("header", type.headerHex(""));
            }
            out.println(mapper.writeValueAsString(root));
        } else {
            out.printf(Locale.ROOT, "%-14s %-7s %-26s %-16s  %s%n", "schema", "version", "role", "fingerprint",
                    "header (10 bytes)");
            for (WireType type : types) {
                out.printf(Locale.ROOT, "%-14s %-7s %-26s %s  %s%n", type.name(),
                        type.version() > 0 ? "v" + type.version() : "-", type.role(),
                        type.fingerprintHex(), type.headerHex(" "));
            }
            out.println("fingerprint: CRC-64-AVRO of the schema's Parsing Canonical Form, a 64-bit number in hex;");
            out.println("header: C3 01, then the fingerprint's 8 bytes little-endian (Avro single-object encoding).");
        }
        out.flush();
        return 0;
    }
}
