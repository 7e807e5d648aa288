package io.streammtl.cli;

/** Process exit codes shared by every command. */
public final class ExitCodes {
    /** Bad input: a config error, a missing file, a bad value in the data; also picocli's usage errors. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
