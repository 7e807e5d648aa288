package io.streammtl.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier 5 for the documentation: the README stays a front page, and every relative link in the docs leads somewhere. */
class DocsLinksTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();
    private static final Path README = REPOSITORY.resolve("README.md");
    private static final long FRONT_PAGE_BYTES = 10 * 1024;

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(README, REPOSITORY.resolve("examples/README.md")));
        try (Stream<Path> files = Files.walk(REPOSITORY.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    @Test
    void shouldResolveEveryRelativeLinkAndAnchorInTheReadmeAndDocs() throws IOException {
        assertEquals(List.of(), MarkdownLinks.broken(documents()));
    }

    @Test
    void shouldKeepTheReadmeAFrontPageOfAtMostTenKilobytes() throws IOException {
        long size = Files.size(README);
        assertTrue(size <= FRONT_PAGE_BYTES, "README.md is " + size + " bytes; move reference material to docs/");
    }

    @Test
    void shouldLinkEveryPageOfDocsFromTheReadme() throws IOException {
        List<String> linked = MarkdownLinks.relativeLinks(README).stream().map(MarkdownLinks.Link::target).toList();
        try (Stream<Path> pages = Files.list(REPOSITORY.resolve("docs"))) {
            List<String> unlinked = pages.filter(f -> f.toString().endsWith(".md"))
                    .map(f -> "docs/" + f.getFileName())
                    .filter(page -> linked.stream().noneMatch(link -> link.equals(page) || link.startsWith(page + "#")))
                    .sorted().toList();
            assertEquals(List.of(), unlinked, "pages of docs/ missing from the README's map");
        }
    }

    @Test
    void shouldReportAMissingFileAndAMissingAnchorButNotAGoodLink(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(dir.resolve("other.md"), "# Other page\n\n## Absurd values, `range` and more\n");
        Files.writeString(page, String.join("\n",
                "# Page",
                "[good](other.md#absurd-values-range-and-more) [top](#page) [web](https://example.com/x.md)",
                "[gone](missing.md) [no anchor](other.md#nothing-here)",
                "```",
                "[in code](also-missing.md)",
                "```"));

        List<String> broken = MarkdownLinks.broken(List.of(page)).stream().map(MarkdownLinks.Link::target).toList();

        assertEquals(List.of("missing.md", "other.md#nothing-here"), broken);
    }

    @Test
    void shouldNumberRepeatedHeadingsAsGitHubDoes(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "# Measured\n\n## Measured\n\n### Producer `linger.ms`\n");

        assertEquals(List.of("measured", "measured-1", "producer-lingerms"),
                List.copyOf(MarkdownLinks.anchors(page)));
    }
}
