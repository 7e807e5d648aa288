package io.streammtl.data.generate;

import io.streammtl.cli.GenerateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code generate drift} as a user runs it; lives here because it checks what the generators write. */
class GenerateDriftCommandTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new GenerateCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesAHeaderAndNRowsAndNamesTheChangePoint(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("drift.csv");
        Run run = run("drift", "--kind", "abrupt", "--task", "binary", "--rows", "2000", "--out", csv.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("wrote " + csv + ": 2000 rows, changes at rows 1001", run.out().trim());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(2001, lines.size());
        assertEquals("x1,x2,x3,y", lines.get(0));
        assertTrue(lines.stream().skip(1).allMatch(line -> line.matches("([0-9.]+,){3}[01]")), lines.get(1));
    }

    @Test
    void writesTheSameRowsAsTheGeneratorForTheSameSeed(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("nested/friedman.csv");
        Run run = run("drift", "--kind", "gradual", "--task", "regression", "--rows", "300", "--width", "50",
                "--seed", "7", "--out", csv.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().endsWith("changes at rows 151 (each over 50 rows)" + System.lineSeparator()), run.out());
        FriedmanGenerator expected = new FriedmanGenerator(DriftSchedule.of(DriftKind.GRADUAL, 300, 50), 7, 1.0);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", expected.header()), lines.get(0));
        for (int i = 1; i <= 300; i++) {
            assertEquals(String.join(",", expected.next()), lines.get(i), "line " + (i + 1));
        }
    }

    @Test
    void recurringHyperplaneReportsThreeChangePoints(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("hyperplane.csv");
        Run run = run("drift", "--kind", "recurring", "--task", "binary", "--generator", "hyperplane",
                "--rows", "4000", "--out", csv.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("4000 rows, changes at rows 1001, 2001, 3001"), run.out());
        assertTrue(Files.readAllLines(csv).get(0).startsWith("x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,y"));
    }

    @Test
    void exitsTwoWithAClearMessageForZeroRowsAndWritesNothing(@TempDir Path dir) {
        Path csv = dir.resolve("drift.csv");
        Run run = run("drift", "--kind", "abrupt", "--task", "binary", "--rows", "0", "--out", csv.toString());
        assertEquals(2, run.code());
        assertEquals("error: rows must be at least 1, got 0", run.err().trim());
        assertEquals("", run.out());
        assertFalse(Files.exists(csv));
    }

    @Test
    void exitsTwoForAnUnknownKindOrAGeneratorOfTheWrongTask(@TempDir Path dir) {
        String out = dir.resolve("drift.csv").toString();
        Run kind = run("drift", "--kind", "sudden", "--task", "binary", "--rows", "10", "--out", out);
        assertEquals(2, kind.code());
        assertEquals("error: unknown drift kind 'sudden' (expected abrupt, gradual or recurring)", kind.err().trim());
        Run mismatch = run("drift", "--kind", "abrupt", "--task", "regression", "--generator", "sea",
                "--rows", "10", "--out", out);
        assertEquals(2, mismatch.code());
        assertEquals("error: generator sea makes a binary stream, not regression", mismatch.err().trim());
    }

    @Test
    void exitsTwoWhenTheGradualWindowDoesNotFit(@TempDir Path dir) {
        Run run = run("drift", "--kind", "gradual", "--task", "binary", "--rows", "1000",
                "--out", dir.resolve("drift.csv").toString());
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("error: width (1000) exceeds the 500 rows"), run.err());
    }
}
