package io.streammtl.cli;

import io.streammtl.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generators write the rows asked for, repeat themselves for a seed, and name a missing option. */
class GenerateCommandTest {
    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static String generate(Path file, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--rows";
        all[args.length + 1] = "500";
        all[args.length + 2] = "--out=" + file;
        assertEquals(0, run(out, err, all), out + "" + err);
        assertTrue(out.toString().contains("500 rows"), out.toString());
        assertEquals(501, Files.readAllLines(file).size(), "header and 500 rows");
        return Files.readString(file);
    }

    @Test
    void shouldWriteTheRowsAskedForAndTheSameRowsForTheSameSeed(@TempDir Path dir) throws Exception {
        String housing = generate(dir.resolve("h1.csv"), "generate", "housing", "--seed", "7");
        assertEquals(housing, generate(dir.resolve("h2.csv"), "generate", "housing", "--seed", "7"));
        assertNotEquals(housing, generate(dir.resolve("h3.csv"), "generate", "housing", "--seed", "8"));
        String drift = generate(dir.resolve("d1.csv"), "generate", "drift", "--kind", "abrupt", "--task", "binary");
        assertEquals(drift, generate(dir.resolve("d2.csv"), "generate", "drift", "--kind", "abrupt", "--task", "binary"));
    }

    @Test
    void shouldNameTheMissingRowsOption(@TempDir Path dir) {
        String out = "--out=" + dir.resolve("x.csv");
        for (String[] args : new String[][] {{"generate", "housing", out},
                {"generate", "drift", "--kind", "abrupt", "--task", "binary", out}}) {
            StringWriter stdout = new StringWriter();
            StringWriter err = new StringWriter();
            assertNotEquals(0, run(stdout, err, args), args[1]);
            assertTrue(err.toString().contains("Missing required option: '--rows=N'"), args[1] + ": " + err);
            assertTrue(Files.notExists(dir.resolve("x.csv")), "nothing written");
        }
    }
}
