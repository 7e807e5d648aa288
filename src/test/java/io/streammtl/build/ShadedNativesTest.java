package io.streammtl.build;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shade plugin's filters in pom.xml, applied to the dependency jars on the test classpath as the plugin applies
 * them: the natives that would ship must all be linux-x86_64 ones, and every native the service loads there must ship.
 * The built jar itself cannot be read here, since {@code mvn test} runs before {@code package}.
 */
class ShadedNativesTest {
    private static final Pattern NATIVE = Pattern.compile(".*\\.(so(\\.\\d+)*|dll|dylib|jnilib|a)$");
    /** The spellings of linux-x86_64 that the libraries use (RocksDB's glibc build has no directory). */
    private static final Pattern LINUX_X86_64 = Pattern.compile(
            "(.*/)?(linux-x86_64|linux-x86-64|linux/amd64|Linux/x86_64)/[^/]+|librocksdbjni-linux64\\.so");
    /** What ND4J (with OpenBLAS), Kafka's compression codecs, RocksDB, OSHI's JNA and JLine load on linux-x86_64. */
    private static final List<String> LOADED = List.of(
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so",
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libjnind4jcpu.so",
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libgomp.so.1",
            "org/bytedeco/openblas/linux-x86_64/libopenblas.so.0",
            "org/bytedeco/openblas/linux-x86_64/libjniopenblas.so",
            "org/bytedeco/openblas/linux-x86_64/libjniopenblas_nolapack.so",
            "org/bytedeco/openblas/linux-x86_64/libgfortran.so.5",
            "org/bytedeco/openblas/linux-x86_64/libquadmath.so.0",
            "org/bytedeco/openblas/linux-x86_64/libgcc_s.so.1",
            "org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so",
            "librocksdbjni-linux64.so",
            "linux/amd64/libzstd-jni-*.so",
            "org/xerial/snappy/native/Linux/x86_64/libsnappyjava.so",
            "net/jpountz/util/linux/amd64/liblz4-java.so",
            "com/sun/jna/linux-x86-64/libjnidispatch.so",
            "org/jline/nativ/Linux/x86_64/libjlinenative.so");

    private static List<ShadeFilter> filters;
    private static List<String> shippedNatives;

    @BeforeAll
    static void applyTheFilters() throws Exception {
        filters = ShadeFilter.readAll(Path.of("pom.xml"));
        Path repository = repositoryOf(org.slf4j.LoggerFactory.class, "org/slf4j/slf4j-api");
        shippedNatives = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath();
            if (!entry.endsWith(".jar") || !jar.startsWith(repository) || !Files.isRegularFile(jar)) {
                continue;
            }
            String artifact = artifactOf(repository.relativize(jar));
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    String name = entries.nextElement().getName();
                    if (NATIVE.matcher(name).matches() && filters.stream().noneMatch(f -> f.drops(artifact, name))) {
                        shippedNatives.add(name);
                    }
                }
            }
        }
    }

    /** The local Maven repository: where {@code type}'s jar lies, less its {@code group/artifact/version/file}. */
    private static Path repositoryOf(Class<?> type, String groupAndArtifact) throws URISyntaxException {
        Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path artifactDirectory = jar.getParent().getParent();
        assertTrue(artifactDirectory.endsWith(groupAndArtifact), jar + " is not in a Maven repository");
        return artifactDirectory.getRoot().resolve(artifactDirectory.subpath(0,
                artifactDirectory.getNameCount() - Path.of(groupAndArtifact).getNameCount()));
    }

    /** {@code groupId:artifactId} from {@code group/dirs/artifactId/version/file.jar}. */
    private static String artifactOf(Path inRepository) {
        int n = inRepository.getNameCount();
        String group = inRepository.subpath(0, n - 3).toString().replace(File.separatorChar, '.');
        return group + ":" + inRepository.getName(n - 3);
    }

    @Test
    void shouldShipNativesForLinuxX8664Only() {
        assertFalse(shippedNatives.isEmpty(), "no dependency jar with natives was found on the classpath");
        assertEquals(List.of(), shippedNatives.stream().filter(name -> !LINUX_X86_64.matcher(name).matches()).toList(),
                "natives for other platforms would ship: add a shade filter for them in pom.xml");
    }

    @Test
    void shouldShipEveryNativeTheServiceLoadsOnLinuxX8664ExactlyOnce() {
        for (String loaded : LOADED) {
            Pattern pattern = Pattern.compile(Pattern.quote(loaded).replace("*", "\\E[^/]*\\Q"));
            assertEquals(1, shippedNatives.stream().filter(name -> pattern.matcher(name).matches()).count(),
                    loaded + " among " + shippedNatives);
        }
    }

    @Test
    void shouldReadTheFiltersThatDropOtherPlatforms() {
        // Guards the reading of pom.xml itself: a filter read as empty would drop nothing and ship everything.
        assertTrue(filters.stream().anyMatch(f -> f.drops("org.rocksdb:rocksdbjni", "librocksdbjni-win64.dll")));
        assertFalse(filters.stream().anyMatch(f -> f.drops("org.rocksdb:rocksdbjni", "librocksdbjni-linux64.so")));
        assertTrue(filters.stream().anyMatch(f -> f.drops("net.java.dev.jna:jna", "com/sun/jna/win32-x86-64/jnidispatch.dll")));
        assertFalse(filters.stream().anyMatch(f -> f.drops("net.java.dev.jna:jna", "com/sun/jna/win32/StdCallLibrary.class")));
    }

    /** One {@code <filter>} of the shade plugin, matched as the plugin matches it (Ant-style paths). */
    record ShadeFilter(Pattern artifact, List<Pattern> includes, List<Pattern> excludes) {
        boolean drops(String groupAndArtifact, String entry) {
            if (!artifact.matcher(groupAndArtifact).matches()) {
                return false;
            }
            boolean included = includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(entry).matches());
            return !included || excludes.stream().anyMatch(p -> p.matcher(entry).matches());
        }

        static List<ShadeFilter> readAll(Path pom) throws Exception {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            List<ShadeFilter> filters = new ArrayList<>();
            NodeList plugins = document.getElementsByTagName("plugin");
            for (int i = 0; i < plugins.getLength(); i++) {
                Element plugin = (Element) plugins.item(i);
                if (!"maven-shade-plugin".equals(text(plugin, "artifactId"))) {
                    continue;
                }
                NodeList found = plugin.getElementsByTagName("filter");
                for (int j = 0; j < found.getLength(); j++) {
                    Element filter = (Element) found.item(j);
                    String[] coordinates = text(filter, "artifact").split(":");
                    filters.add(new ShadeFilter(Pattern.compile(wildcard(coordinates[0]) + ":" + wildcard(coordinates[1])),
                            paths(filter, "include"), paths(filter, "exclude")));
                }
            }
            return filters;
        }

        private static String text(Element parent, String tag) {
            for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element && element.getTagName().equals(tag)) {
                    return element.getTextContent().trim();
                }
            }
            return null;
        }

        private static List<Pattern> paths(Element filter, String tag) {
            List<Pattern> patterns = new ArrayList<>();
            NodeList nodes = filter.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                patterns.add(antPath(nodes.item(i).getTextContent().trim()));
            }
            return patterns;
        }

        private static String wildcard(String coordinate) {
            return Pattern.quote(coordinate).replace("*", "\\E.*\\Q");
        }

        /** Ant's path patterns: {@code **} any number of directories, {@code *} and {@code ?} within one name. */
        static Pattern antPath(String pattern) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (pattern.startsWith("**/", i)) {
                    regex.append("(.*/)?");
                    i += 2;
                } else if (pattern.startsWith("**", i)) {
                    regex.append(".*");
                    i += 1;
                } else if (c == '*') {
                    regex.append("[^/]*");
                } else if (c == '?') {
                    regex.append("[^/]");
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString());
        }
    }
}
