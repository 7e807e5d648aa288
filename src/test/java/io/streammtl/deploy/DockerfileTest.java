package io.streammtl.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.streammtl.deploy.DeployFiles.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/docker/Dockerfile and .dockerignore, checked without a Docker engine: the build stage copies everything
 * the pom reads (and .dockerignore lets it through), the runtime stage runs the shaded jar as a non-root user on
 * a glibc JRE, with the data volume and the metrics port the deployment files rely on.
 */
class DockerfileTest {
    private static final Path DOCKERFILE = ROOT.resolve("deploy/docker/Dockerfile");

    /** One instruction, continuation lines joined, with the index of its build stage. */
    record Instruction(int stage, String keyword, String arguments) {
    }

    private static List<Instruction> instructions;

    @BeforeAll
    static void parse() throws Exception {
        instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int stage = -1;
        for (String raw : Files.readAllLines(DOCKERFILE)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String text = pending.append(line).toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            String keyword = text.substring(0, space).toUpperCase(java.util.Locale.ROOT);
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(new Instruction(stage, keyword, text.substring(space + 1).strip().replaceAll("\\s+", " ")));
        }
    }

    private static List<String> arguments(int stage, String keyword) {
        return instructions.stream().filter(i -> i.stage() == stage && i.keyword().equals(keyword))
                .map(Instruction::arguments).toList();
    }

    private static int lastStage() {
        return instructions.get(instructions.size() - 1).stage();
    }

    @Test
    void shouldBuildWithMavenAndRunOnAGlibcJre() {
        assertEquals(1, lastStage(), "two stages: build and runtime");
        assertEquals(List.of("maven:3.9-eclipse-temurin-17 AS build"), arguments(0, "FROM"));
        assertEquals(List.of("eclipse-temurin:17-jre"), arguments(1, "FROM"));
        instructions.stream().filter(i -> i.keyword().equals("FROM"))
                .forEach(i -> assertFalse(i.arguments().contains("alpine"), "ND4J's natives need glibc: " + i));
        assertEquals(List.of("mvn -q -B package -DskipTests"), arguments(0, "RUN"));
    }

    @Test
    void shouldCopyEverythingThePomReadsThroughTheDockerignore() throws Exception {
        List<String> copied = new ArrayList<>();
        for (String copy : arguments(0, "COPY")) {
            String[] parts = copy.split(" ");
            assertEquals(2, parts.length, "COPY source destination: " + copy);
            copied.add(parts[0]);
            assertTrue(Files.exists(ROOT.resolve(parts[0])), "COPY source exists: " + parts[0]);
            String destination = parts[1].replaceFirst("^\\./", "").replaceFirst("/$", "");
            assertTrue(destination.isEmpty() || destination.equals(parts[0]),
                    "copied to the same relative path, so the pom's paths still hold: " + copy);
        }
        Set<String> needed = pomInputs();
        List<String> notCopied = needed.stream().filter(path -> copied.stream().noneMatch(c -> under(path, c))).toList();
        assertEquals(List.of(), notCopied, "paths the pom reads that the build stage does not copy");

        List<String> ignore = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", ignore.get(0), ".dockerignore is an allow-list");
        List<String> allowed = ignore.subList(1, ignore.size()).stream().peek(l -> assertTrue(l.startsWith("!"), l))
                .map(l -> l.substring(1).replaceFirst("/$", "")).toList();
        List<String> excluded = copied.stream().filter(c -> allowed.stream().noneMatch(a -> under(c, a))).toList();
        assertEquals(List.of(), excluded, "COPY sources that .dockerignore keeps out of the build context");
        assertFalse(allowed.stream().anyMatch(a -> a.equals("target") || a.startsWith("streammtl-data")),
                "build outputs and local data stay out of the context");
    }

    private static boolean under(String path, String directory) {
        return path.equals(directory) || path.startsWith(directory + "/");
    }

    /** pom.xml, the sources, the resource directories and the Avro schema inputs, relative to the root. */
    private static Set<String> pomInputs() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        Set<String> paths = new TreeSet<>(List.of("pom.xml", "src/main/java", "src/test/java"));
        for (String tag : List.of("directory", "sourceDirectory", "import")) {
            NodeList nodes = pom.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                String value = nodes.item(i).getTextContent().strip().replace("${project.basedir}/", "");
                if (!value.contains("${")) {
                    paths.add(value);
                }
            }
        }
        assertTrue(paths.contains("deploy/config") && paths.contains("schemas"), "pom inputs found: " + paths);
        return paths;
    }

    @Test
    void shouldRunTheShadedJarAsANonRootUser() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        String finalName = ((Element) pom.getElementsByTagName("finalName").item(0)).getTextContent().strip();
        assertEquals(List.of("/src"), arguments(0, "WORKDIR"));
        assertTrue(arguments(1, "COPY").contains("--from=build /src/target/" + finalName + ".jar /app/streammtl.jar"),
                "the runtime copies the shaded jar: " + arguments(1, "COPY"));
        assertEquals(List.of("[\"java\", \"-jar\", \"/app/streammtl.jar\"]"), arguments(1, "ENTRYPOINT"));
        List<String> user = arguments(1, "USER");
        assertEquals(1, user.size());
        String uid = user.get(0).split(":")[0];
        assertNotEquals("root", uid);
        assertNotEquals("0", uid);
        assertTrue(arguments(1, "RUN").get(0).contains("--uid " + uid), "the user exists with uid " + uid);
    }

    @Test
    void shouldDeclareTheDataVolumeAndTheMetricsPort() {
        assertEquals(List.of("/data"), arguments(1, "VOLUME"));
        assertEquals(List.of("STREAMMTL_DATA_DIR=/data"), arguments(1, "ENV"));
        assertEquals(List.of(Integer.toString(DeployFiles.METRICS_PORT)), arguments(1, "EXPOSE"));
    }

    /** The uid the image runs as, for the Kubernetes checks. */
    static String imageUser() throws Exception {
        if (instructions == null) {
            parse();
        }
        return arguments(lastStage(), "USER").get(0).split(":")[0];
    }
}
