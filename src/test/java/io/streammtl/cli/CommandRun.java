package io.streammtl.cli;

import io.streammtl.Main;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One command line run through {@link Main#execute} as a user would: its exit code and what it printed. */
record CommandRun(int code, String out, String err) {
    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
