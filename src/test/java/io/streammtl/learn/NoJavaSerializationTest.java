package io.streammtl.learn;

import org.junit.jupiter.api.Test;

import java.io.Externalizable;
import java.io.IOException;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State is written in one explicit format, never with Java serialization: no main class declares
 * {@link Serializable} (exceptions and enums inherit it and are never serialized here) and none uses the object
 * streams, which would read arbitrary classes from a changelog topic.
 */
class NoJavaSerializationTest {
    private static final List<String> OBJECT_STREAMS = List.of("java/io/ObjectInputStream",
            "java/io/ObjectOutputStream");

    private static Path mainClasses() throws URISyntaxException {
        return Path.of(OnlineLearner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<Path> classFiles() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.walk(mainClasses())) {
            return files.filter(f -> f.toString().endsWith(".class")).toList();
        }
    }

    private static String className(Path root, Path file) {
        String relative = root.relativize(file).toString();
        return relative.substring(0, relative.length() - ".class".length()).replace(file.getFileSystem()
                .getSeparator(), ".");
    }

    @Test
    void shouldScanTheCompiledMainClasses() throws IOException, URISyntaxException {
        assertTrue(classFiles().stream().anyMatch(f -> f.endsWith(Path.of("io", "streammtl", "learn",
                "OnlineLearner.class"))), "the scan sees " + mainClasses());
    }

    @Test
    void shouldHaveNoMainClassThatDeclaresItselfSerializable() throws Exception {
        Path root = mainClasses();
        List<String> serializable = new ArrayList<>();
        for (Path file : classFiles()) {
            Class<?> type = Class.forName(className(root, file), false, getClass().getClassLoader());
            for (Class<?> declared : type.getInterfaces()) {
                if (declared == Serializable.class || declared == Externalizable.class) {
                    serializable.add(type.getName());
                }
            }
        }
        assertEquals(List.of(), serializable);
    }

    @Test
    void shouldHaveNoMainClassThatUsesObjectStreams() throws IOException, URISyntaxException {
        List<String> users = new ArrayList<>();
        for (Path file : classFiles()) {
            // Class names sit in the constant pool as modified UTF-8, which is plain ASCII for these.
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String stream : OBJECT_STREAMS) {
                if (bytes.contains(stream)) {
                    users.add(className(mainClasses(), file) + " uses " + stream);
                }
            }
        }
        assertEquals(List.of(), users);
    }
}
