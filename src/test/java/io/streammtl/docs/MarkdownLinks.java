package io.streammtl.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the relative links and the heading anchors of Markdown files, and lists the links that lead nowhere. */
final class MarkdownLinks {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern EXTERNAL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private MarkdownLinks() {
    }

    /** A link's target as written, e.g. {@code docs/spec.md#absurd-values}, and the file it is written in. */
    record Link(Path source, String target) {
        @Override
        public String toString() {
            return source + ": (" + target + ")";
        }
    }

    /** The links of {@code file} outside code blocks that are not URLs with a scheme (http:, mailto:, ...). */
    static List<Link> relativeLinks(Path file) {
        List<Link> links = new ArrayList<>();
        for (String line : proseLines(file)) {
            Matcher matcher = LINK.matcher(line);
            while (matcher.find()) {
                String target = matcher.group(1);
                if (!EXTERNAL.matcher(target).find()) {
                    links.add(new Link(file, target));
                }
            }
        }
        return links;
    }

    /** The anchors GitHub gives the headings of {@code file}: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(Path file) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(file)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
            }
        }
        return anchors;
    }

    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The links of {@code files} whose file does not exist, or whose anchor is no heading of that file. */
    static List<Link> broken(List<Path> files) {
        List<Link> broken = new ArrayList<>();
        for (Path file : files) {
            for (Link link : relativeLinks(file)) {
                if (!resolves(link)) {
                    broken.add(link);
                }
            }
        }
        return broken;
    }

    private static boolean resolves(Link link) {
        int hash = link.target().indexOf('#');
        String path = hash < 0 ? link.target() : link.target().substring(0, hash);
        Path target = path.isEmpty() ? link.source() : link.source().getParent().resolve(path).normalize();
        if (!Files.exists(target)) {
            return false;
        }
        if (hash < 0 || !target.toString().endsWith(".md")) {
            return true;
        }
        return anchors(target).contains(link.target().substring(hash + 1));
    }

    private static List<String> proseLines(Path file) {
        List<String> lines = new ArrayList<>();
        boolean inCode = false;
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.stripLeading().startsWith("```")) {
                    inCode = !inCode;
                } else if (!inCode) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
