package io.streammtl.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fenced code block of a Markdown file; {@code name} is set when the line right above the fence is
 * {@code <!-- example: NAME -->}, the mark of a block that {@link ExamplesTest} runs as written.
 */
record DocBlock(Path file, int line, String language, String name, String code) {
    private static final Pattern FENCE = Pattern.compile("^(```+|~~~+)\\s*([^\\s`]*).*$");
    private static final Pattern MARK = Pattern.compile("^<!-- example: ([a-z0-9-]+) -->$");

    static List<DocBlock> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<DocBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String fence = open.group(1);
            Matcher mark = i > 0 ? MARK.matcher(lines.get(i - 1).trim()) : null;
            StringBuilder code = new StringBuilder();
            int close = i + 1;
            while (close < lines.size() && !lines.get(close).startsWith(fence)) {
                code.append(lines.get(close)).append('\n');
                close++;
            }
            blocks.add(new DocBlock(file, i + 1, open.group(2), mark != null && mark.matches() ? mark.group(1) : null,
                    code.toString()));
            i = close;
        }
        return blocks;
    }

    String where() {
        return file + ":" + line;
    }
}
