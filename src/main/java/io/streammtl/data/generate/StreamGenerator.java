package io.streammtl.data.generate;

import java.util.List;

/** A finite synthetic stream of CSV rows whose concept changes at known rows. */
public interface StreamGenerator {
    /** Column names: features {@code x1..xd}, then the label {@code y}. */
    List<String> header();

    /** How many rows the stream has; {@link #next()} may be called this many times. */
    long rows();

    /** The next row's fields, in header order. */
    String[] next();

    /** The 1-based row numbers at which a change begins, ascending. */
    List<Long> changePoints();
}
