package io.streammtl.data.csv;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Guesses the delimiter by counting candidate characters outside quotes on the header line.
 */
final class DelimiterDetector {

    /** Candidates in tie-breaking order: on equal counts the earlier one wins. */
    static final char[] CANDIDATES = {';', ',', '\t', '|'};

    static final char FALLBACK = ',';

    /** Headers longer than this are judged on their beginning only; it bounds the mark buffer. */
    static final int READ_AHEAD_LIMIT = 1 << 16;

    private DelimiterDetector() {
    }

    /**
     * Detects the delimiter of the first non-blank line without consuming any input.
     *
     * @throws IOException if reading or resetting the reader fails
     */
    static char detect(BufferedReader in, char quote) throws IOException {
        in.mark(READ_AHEAD_LIMIT);
        int[] counts = new int[CANDIDATES.length];
        boolean inQuotes = false;
        boolean started = false;
        for (int read = 0; read < READ_AHEAD_LIMIT; read++) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            if (c == quote) {
                // A doubled quote toggles twice, so it correctly stays inside the field.
                inQuotes = !inQuotes;
            } else if (!inQuotes && (c == '\n' || c == '\r')) {
                if (started) {
                    break;
                }
                continue;
            } else if (!inQuotes) {
                count(counts, (char) c);
            }
            started = true;
        }
        in.reset();
        return mostFrequent(counts);
    }

    private static void count(int[] counts, char c) {
        for (int i = 0; i < CANDIDATES.length; i++) {
            if (CANDIDATES[i] == c) {
                counts[i]++;
                return;
            }
        }
    }

    private static char mostFrequent(int[] counts) {
        int best = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && (best < 0 || counts[i] > counts[best])) {
                best = i;
            }
        }
        return best < 0 ? FALLBACK : CANDIDATES[best];
    }
}
