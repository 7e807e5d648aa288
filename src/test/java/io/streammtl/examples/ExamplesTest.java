package io.streammtl.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streammtl.Main;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.Prediction;
import io.streammtl.stream.Codecs;
import io.streammtl.stream.DeadLetterHandler;
import io.streammtl.stream.EventProducer;
import io.streammtl.testing.ExternalTool;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tier 5 for clients in other languages: every code block marked {@code <!-- example: NAME -->} in README.md,
 * examples/README.md and docs/ runs as written, from a work directory laid out like the repository root, against
 * one {@code serve} on its embedded broker (data in {@code streammtl-data/} there, as by default). The one stand-in:
 * {@code target/streammtl.jar} there is a launcher jar over the test class path, as the shaded jar is not built
 * before the tests. Python runs on Debian's interpreter, for which python3-avro and python3-confluent-kafka install.
 */
@Tag("integration")
class ExamplesTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();
    private static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");
    private static final Set<String> EXAMPLES = Set.of("schemas", "schemas-output", "python-event", "kcat",
            "python-clients", "node-clients", "consumer-line", "delayed-demo", "rest-predict");
    private static final Pattern CONSUMER_LINE = Pattern.compile("(\\S+) model=(\\S+) version=(\\d+)((?: \\S+=\\S+)+)");
    private static final Pattern CLIENT_COMMAND = Pattern.compile("(?m)(^|[\\s(;&|])(kcat|python3|node|npm) ");
    /** The repository's folders the documented commands read, linked into the work directory. */
    private static final List<String> LINKED = List.of("schemas", "examples", "src", "deploy");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    static Path workspace;

    private static Process service;
    /** The HTTP port of the service under test (metrics, health, /predict). */
    private static int httpPort;
    private static String servers;
    private static final Codecs CODECS = Codecs.create();

    private static List<DocBlock> documentBlocks() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(REPOSITORY.resolve("README.md"),
                REPOSITORY.resolve("examples/README.md")));
        if (Files.isDirectory(REPOSITORY.resolve("docs"))) {
            try (Stream<Path> files = Files.walk(REPOSITORY.resolve("docs"))) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
            }
        }
        return documents.stream().flatMap(d -> DocBlock.read(d).stream()).toList();
    }

    private static DocBlock example(String name) throws IOException {
        return documentBlocks().stream().filter(b -> name.equals(b.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no block marked <!-- example: " + name + " -->"));
    }

    @BeforeAll
    static void startService() throws Exception {
        for (String entry : LINKED) {
            Files.createSymbolicLink(workspace.resolve(entry), REPOSITORY.resolve(entry));
        }
        writeLauncherJar(workspace.resolve("target/streammtl.jar"));
        Path log = workspace.resolve("serve.log");
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            httpPort = socket.getLocalPort();
        }
        service = new ProcessBuilder(java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.streammtl.Main", "serve", "--config", "deploy/config/wine.yaml",
                "--data-dir", workspace.resolve("streammtl-data").toString(), "--metrics-port", Integer.toString(httpPort),
                "--status-seconds", "0")
                .directory(workspace.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.readString(log).contains("serving model 'wine'")) {
            if (!service.isAlive() || System.nanoTime() > deadline) {
                fail("serve did not start:\n" + tail(Files.readString(log)));
            }
            Thread.sleep(200);
        }
        servers = Files.readString(workspace.resolve("streammtl-data/bootstrap.servers")).trim();
    }

    @AfterAll
    static void stopService() throws InterruptedException, IOException {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(60, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor();
            }
        }
        // Only the links go: the work directory's clean-up must never reach into the repository.
        for (String entry : LINKED) {
            Files.deleteIfExists(workspace.resolve(entry));
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A jar with only a manifest: {@code java -jar} on it runs Main over the test class path. */
    private static void writeLauncherJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                        .map(entry -> Path.of(entry).toUri().toString()).collect(Collectors.joining(" ")));
        try (JarOutputStream out = new JarOutputStream(new FileOutputStream(jar.toFile()), manifest)) {
            out.flush();
        }
    }

    private record Outcome(int code, String out, String err) {
        String describe() {
            return "exit " + code + "\n--- stdout\n" + tail(out) + "\n--- stderr\n" + tail(err);
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    /** Runs a command in the work directory with Debian's interpreters first on PATH. */
    private static Outcome run(List<String> command) throws Exception {
        Path out = Files.createTempFile(workspace, "stdout", ".txt");
        Path err = Files.createTempFile(workspace, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PATH", "/usr/bin:" + System.getenv().getOrDefault("PATH", ""));
        builder.environment().remove("STREAMMTL_BOOTSTRAP_SERVERS");
        Process process = builder.start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("timed out after " + COMMAND_TIMEOUT + ": " + command + "\n" + tail(Files.readString(err)));
        }
        return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Outcome runBash(DocBlock block) throws Exception {
        Outcome outcome = run(List.of("bash", "-euo", "pipefail", "-c", block.code()));
        assertEquals(0, outcome.code(), block.where() + " failed: " + outcome.describe());
        return outcome;
    }

    private static void requirePythonClients() throws Exception {
        String hint = "Debian's /usr/bin/python3 with python3-avro and python3-confluent-kafka "
                + "(apt-get install python3-avro python3-confluent-kafka; .ci/install-tools does it)";
        if (!Files.isExecutable(DEBIAN_PYTHON)) {
            ExternalTool.missing("no " + hint);
        }
        Outcome imports = run(List.of(DEBIAN_PYTHON.toString(), "-c", "import avro.io, avro.schema, confluent_kafka"));
        if (imports.code() != 0) {
            ExternalTool.missing("cannot import the Python clients' libraries (" + imports.err().strip() + "); need "
                    + hint);
        }
    }

    private static void requireNodeClients() {
        ExternalTool.require("node", "apt-get install nodejs");
        for (String module : List.of("kafkajs", "avsc")) {
            if (!Files.isRegularFile(REPOSITORY.resolve("examples/node/node_modules/" + module + "/package.json"))) {
                ExternalTool.missing("examples/node/node_modules/" + module
                        + " is missing (npm ci in examples/node; .ci/install-tools does it)");
            }
        }
    }

    // --- Kafka, read by the Java client the service itself uses

    /** Every committed record of a topic, from its start to its last stable offset. */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "could not read " + topic + " to its end");
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Waits until every id has a committed prediction; returns each id's predictions, in topic order. */
    private static Map<String, List<Prediction>> awaitPredictions(Set<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Map<String, List<Prediction>> found = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record : readCommitted("wine-predictions")) {
                String id = new String(record.key(), StandardCharsets.UTF_8);
                if (ids.contains(id)) {
                    Prediction prediction = CODECS.predictions().decode(record.value());
                    assertEquals(id, prediction.getEventId(), "a prediction's key is its event id");
                    found.computeIfAbsent(id, k -> new ArrayList<>()).add(prediction);
                }
            }
            if (found.keySet().equals(ids) || System.nanoTime() > deadline) {
                assertEquals(ids, found.keySet(), "every event sent has a prediction; dead letters: " + deadLetters());
                return found;
            }
            Thread.sleep(250);
        }
    }

    private static Map<String, Prediction> assertOnePredictionEach(Set<String> ids) throws InterruptedException {
        Map<String, List<Prediction>> found = awaitPredictions(ids);
        Map<String, Integer> counts = new TreeMap<>();
        found.forEach((id, list) -> counts.put(id, list.size()));
        assertEquals(ids.stream().collect(Collectors.toMap(id -> id, id -> 1, (a, b) -> a, TreeMap::new)), counts,
                "exactly one committed prediction per event");
        Map<String, Prediction> one = new TreeMap<>();
        found.forEach((id, list) -> one.put(id, list.get(0)));
        return one;
    }

    /** Each dead letter's reason and detail. */
    private static List<String> deadLetters() {
        return readCommitted("wine-dead-letters").stream()
                .map(r -> header(r, DeadLetterHandler.REASON_HEADER) + ": "
                        + header(r, DeadLetterHandler.DETAIL_HEADER))
                .toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static void assertNoDeadLetters() {
        assertEquals(List.of(), deadLetters(), "no event was dead-lettered");
    }

    private static Set<String> ids(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).collect(Collectors.toCollection(TreeSet::new));
    }

    /** One printed line of an example consumer: id, model, version and each task's figure. */
    private record ConsumerLine(String eventId, String model, long version, Map<String, Double> tasks) {
        static ConsumerLine parse(String line) {
            Matcher m = CONSUMER_LINE.matcher(line);
            assertTrue(m.matches(), "not a consumer line: '" + line + "'");
            Map<String, Double> tasks = new LinkedHashMap<>();
            for (String pair : m.group(4).trim().split(" ")) {
                String[] parts = pair.split("=", 2);
                tasks.put(parts[0], Double.parseDouble(parts[1]));
            }
            return new ConsumerLine(m.group(1), m.group(2), Long.parseLong(m.group(3)), tasks);
        }
    }

    /** The consumer printed each event once, and what it printed is what the Java decoder reads. */
    private static void assertPrintedPredictions(String output, Set<String> ids, Map<String, Prediction> expected) {
        Map<String, Integer> printed = new TreeMap<>();
        for (String line : output.lines().filter(l -> !l.startsWith("sent ")).toList()) {
            ConsumerLine parsed = ConsumerLine.parse(line);
            if (!ids.contains(parsed.eventId())) {
                continue;
            }
            printed.merge(parsed.eventId(), 1, Integer::sum);
            Prediction prediction = expected.get(parsed.eventId());
            assertEquals(prediction.getModel(), parsed.model(), line);
            assertEquals(prediction.getModelVersion(), parsed.version(), line);
            assertEquals(new TreeSet<>(prediction.getTasks().keySet()), new TreeSet<>(parsed.tasks().keySet()), line);
            prediction.getTasks().forEach((task, p) -> {
                double figure = p.getValue() != null ? p.getValue() : p.getProbability();
                assertEquals(figure, parsed.tasks().get(task), 5.1e-5, line + " (" + task + ")");
            });
        }
        assertEquals(ids.stream().collect(Collectors.toMap(id -> id, id -> 1, (a, b) -> a, TreeMap::new)), printed,
                "the consumer printed each event's prediction once");
    }

    // --- the tests

    @Test
    void shouldMarkEveryClientCodeBlockOfTheDocsAsAnExampleThatThisTestRuns() throws IOException {
        List<DocBlock> blocks = documentBlocks();
        List<String> unmarked = blocks.stream().filter(b -> b.name() == null)
                .filter(b -> Set.of("python", "py", "javascript", "js", "node").contains(b.language())
                        || b.file().endsWith(Path.of("examples/README.md"))
                        || CLIENT_COMMAND.matcher(b.code()).find()
                        || b.code().contains("streammtl.jar schemas"))
                .map(DocBlock::where).toList();
        assertEquals(List.of(), unmarked, "blocks with client code must be marked <!-- example: NAME --> and run here");
        Map<String, Long> marked = blocks.stream().filter(b -> b.name() != null)
                .collect(Collectors.groupingBy(DocBlock::name, TreeMap::new, Collectors.counting()));
        assertEquals(new TreeMap<>(EXAMPLES.stream().collect(Collectors.toMap(n -> n, n -> 1L))), marked,
                "each marked block is run by one test here, under a unique name");
    }

    @Test
    void shouldHardCodeTheHeadersThatStreammtlSchemasPrints() throws IOException {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "schemas", "--json"));
        Map<String, String> headerByFile = new HashMap<>();
        for (JsonNode type : new ObjectMapper().readTree(out.toString()).get("schemas")) {
            headerByFile.put(Path.of(type.get("history_file").asText()).getFileName().toString(),
                    type.get("header").asText());
        }
        Map<String, String> sources = new TreeMap<>();
        for (String file : List.of("examples/python/producer.py", "examples/python/consumer.py",
                "examples/node/producer.js", "examples/node/consumer.js")) {
            sources.put(file, Files.readString(REPOSITORY.resolve(file)));
        }
        sources.put(example("python-event").where(), example("python-event").code());
        Pattern schema = Pattern.compile("history[\"'/, ]+(\\w+\\.v\\d+\\.avsc)");
        Pattern header = Pattern.compile("(?:bytes\\.fromhex\\(|Buffer\\.from\\()[\"']([0-9a-f]{20})[\"']");
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Matcher file = schema.matcher(source.getValue());
            Matcher constant = header.matcher(source.getValue());
            assertTrue(file.find() && constant.find(), source.getKey() + " names a history schema and a header");
            assertNotNull(headerByFile.get(file.group(1)), source.getKey() + ": " + file.group(1) + " is current");
            assertEquals(headerByFile.get(file.group(1)), constant.group(1), source.getKey() + " hard-codes the header "
                    + "that `streammtl schemas` prints for " + file.group(1));
            assertFalse(constant.find(), source.getKey() + " has one header constant");
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldPrintTheSchemasTableTheReadmeShows() throws Exception {
        Outcome outcome = runBash(example("schemas"));
        assertEquals(example("schemas-output").code(), outcome.out());
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldPredictOverHttpWithTheDocumentedCurlCommand() throws Exception {
        DocBlock block = example("rest-predict");
        // The service under test listens on a free port, not the default the docs show.
        Outcome outcome = run(List.of("bash", "-euo", "pipefail", "-c",
                block.code().replace("localhost:9400", "localhost:" + httpPort)));
        assertEquals(0, outcome.code(), outcome.describe());
        com.fasterxml.jackson.databind.JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(outcome.out());
        assertEquals("default", answer.get("model").asText(), outcome.out());
        assertTrue(answer.get("model_version").asLong() >= 0, outcome.out());
        assertTrue(answer.get("predictions").get("quality").get("value").isNumber(), outcome.out());
        double p = answer.get("predictions").get("good").get("probability").asDouble();
        assertTrue(p > 0 && p < 1, outcome.out());
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldShowServedQualityImprovingInTheDelayedLabelsDemo() throws Exception {
        Outcome outcome = runBash(example("delayed-demo"));
        String out = outcome.out();
        assertTrue(out.contains("Served predictions (every event predicted when it arrived"), out);
        java.util.regex.Matcher joined = java.util.regex.Pattern
                .compile("(\\d+) of (\\d+) labels sent later joined and learned").matcher(out);
        assertTrue(joined.find(), out);
        assertTrue(Integer.parseInt(joined.group(1)) > Integer.parseInt(joined.group(2)) - 32,
                "all but the last open batch learned: " + joined.group());
        java.util.regex.Matcher quality = java.util.regex.Pattern
                .compile("quality +all passes mse ([0-9.]+).*\\| last pass mse ([0-9.]+)").matcher(out);
        assertTrue(quality.find(), out);
        assertTrue(Double.parseDouble(quality.group(2)) < Double.parseDouble(quality.group(1)),
                "the served predictions of the last pass are better than those of all passes: " + quality.group());
        assertTrue(out.contains(" 0 dead letters"), out);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldPredictTheReadmePythonEventOnceWithoutDeadLetters() throws Exception {
        requirePythonClients();
        Path script = workspace.resolve("python-event.py");
        Files.writeString(script, example("python-event").code());
        Outcome outcome = run(List.of(DEBIAN_PYTHON.toString(), script.toString()));
        assertEquals(0, outcome.code(), outcome.describe());
        Prediction prediction = assertOnePredictionEach(Set.of("e-1")).get("e-1");
        assertEquals("default", prediction.getModel());
        assertEquals(Set.of("quality", "good"), prediction.getTasks().keySet());
        assertNoDeadLetters();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldListEachPredictionWithTheReadmeKcatCommand() throws Exception {
        ExternalTool.require("kcat", "apt-get install kcat");
        List<String> ids = List.of("kcat-1", "kcat-2");
        try (EventProducer producer = new EventProducer(servers, "wine-events", CODECS.events())) {
            for (String id : ids) {
                producer.send(LabeledEvent.newBuilder().setId(id).setEventTime(Instant.now())
                        .setDense(List.of(7.4, 0.7, 0.0, 1.9, 0.076, 11.0, 34.0, 0.9978, 3.51, 0.56, 9.4)).build());
            }
            producer.flush();
        }
        assertOnePredictionEach(Set.copyOf(ids));
        Map<String, Integer> sizes = new HashMap<>();
        readCommitted("wine-predictions").forEach(r -> sizes.put(new String(r.key(), StandardCharsets.UTF_8),
                r.value().length));
        Outcome outcome = runBash(example("kcat"));
        for (String id : ids) {
            assertEquals(List.of(id + " " + sizes.get(id) + " bytes"),
                    outcome.out().lines().filter(l -> l.startsWith(id + " ")).toList(), outcome.describe());
        }
        assertNoDeadLetters();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldPredictEveryEventOfThePythonProducerOnceAndPrintItWithThePythonConsumer() throws Exception {
        requirePythonClients();
        Outcome outcome = runBash(example("python-clients"));
        Set<String> ids = ids("py-", 20);
        assertTrue(outcome.out().contains("sent 20 events to wine-events (ids py-1..py-20)"), outcome.describe());
        assertPrintedPredictions(outcome.out(), ids, assertOnePredictionEach(ids));
        assertNoDeadLetters();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldPredictEveryEventOfTheNodeProducerOnceAndPrintItWithTheNodeConsumer() throws Exception {
        requireNodeClients();
        Outcome outcome = runBash(example("node-clients"));
        Set<String> ids = ids("node-", 20);
        assertTrue(outcome.out().contains("sent 20 events to wine-events (ids node-1..node-20)"), outcome.describe());
        assertPrintedPredictions(outcome.out(), ids, assertOnePredictionEach(ids));
        assertNoDeadLetters();
    }

    @Test
    void shouldShowAConsumerLineInTheFormTheConsumersPrint() throws IOException {
        List<String> lines = example("consumer-line").code().lines().toList();
        assertEquals(1, lines.size());
        ConsumerLine line = ConsumerLine.parse(lines.get(0));
        assertEquals(Set.of("quality", "good"), line.tasks().keySet());
    }
}
