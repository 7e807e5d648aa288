package io.streammtl.stream;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dead letter stays within the record limit whatever the input, and says what it left out. */
class DeadLetterRecordTest {
    private static final int LIMIT = 1_000_000;

    private static String header(DeadLetterRecord record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int size(DeadLetterRecord record) {
        int total = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        for (Header header : record.headers()) {
            total += header.key().length() + header.value().length;
        }
        return total;
    }

    @Test
    void shouldKeepTheOriginalBytesWhenTheyFit() {
        byte[] value = new byte[500_000];
        DeadLetterRecord letter = DeadLetterRecord.of("k".getBytes(StandardCharsets.UTF_8), value,
                DeadLetterReason.UNDECODABLE, "bad", "events-0@7", LIMIT);
        assertArrayEquals(value, letter.value());
        assertEquals("undecodable", header(letter, DeadLetterRecord.REASON_HEADER));
        assertEquals("events-0@7", header(letter, DeadLetterRecord.SOURCE_HEADER));
        assertNull(header(letter, DeadLetterRecord.VALUE_OMITTED_HEADER));
    }

    @Test
    void shouldLeaveOutAValueThatCannotFitAndGiveItsSize() {
        byte[] value = new byte[1_048_400];
        DeadLetterRecord letter = DeadLetterRecord.of(new byte[10], value, DeadLetterReason.UNDECODABLE, "bad",
                "events-0@7", LIMIT);
        assertNull(letter.value());
        assertEquals(10, letter.key().length);
        assertEquals("1048400", header(letter, DeadLetterRecord.VALUE_OMITTED_HEADER));
        assertTrue(size(letter) < LIMIT);
    }

    @Test
    void shouldLeaveOutAKeyThatCannotFitEither() {
        DeadLetterRecord letter = DeadLetterRecord.of(new byte[1_200_000], new byte[5], DeadLetterReason.UNDECODABLE,
                "bad", "events-0@7", LIMIT);
        assertNull(letter.key());
        assertNull(letter.value());
        assertEquals("1200000", header(letter, DeadLetterRecord.KEY_OMITTED_HEADER));
        assertEquals("5", header(letter, DeadLetterRecord.VALUE_OMITTED_HEADER));
    }

    @Test
    void shouldLeaveOutAnOverLongKeyOfARecordWithoutValue() {
        DeadLetterRecord letter = DeadLetterRecord.of(new byte[1_200_000], null, DeadLetterReason.RECORD_TOO_LARGE,
                "refused", "predictions-0@1", LIMIT);
        assertNull(letter.key());
        assertEquals("1200000", header(letter, DeadLetterRecord.KEY_OMITTED_HEADER));
        assertNull(header(letter, DeadLetterRecord.VALUE_OMITTED_HEADER), "there was no value to leave out");
    }

    @Test
    void shouldCutALongDetailWithoutSplittingACharacterAndCountWhatWasCut() {
        String detail = "é".repeat(10_000);
        byte[] cut = DeadLetterRecord.cut(detail);
        assertTrue(cut.length <= DeadLetterRecord.MAX_DETAIL_BYTES);
        String text = new String(cut, StandardCharsets.UTF_8);
        assertTrue(text.matches("é+ … \\[[0-9]+ more bytes cut\\]"), text);
        int kept = text.indexOf(' ') * 2;
        assertEquals("[" + (20_000 - kept) + " more bytes cut]", text.substring(text.indexOf('[')));
    }

    @Test
    void shouldCarryTheInputsOwnHeadersOnlyWhenTheyAreSmall() {
        RecordHeaders small = new RecordHeaders();
        small.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        DeadLetterRecord kept = DeadLetterRecord.of(null, new byte[3], small, DeadLetterReason.UNDECODABLE, "bad",
                null, LIMIT);
        assertEquals("abc", header(kept, "trace"));
        RecordHeaders large = new RecordHeaders();
        large.add("blob", new byte[DeadLetterRecord.MAX_ORIGINAL_HEADER_BYTES + 1]);
        DeadLetterRecord dropped = DeadLetterRecord.of(null, new byte[3], large, DeadLetterReason.UNDECODABLE, "bad",
                null, LIMIT);
        assertNull(header(dropped, "blob"));
        assertTrue(Integer.parseInt(header(dropped, DeadLetterRecord.HEADERS_OMITTED_HEADER))
                > DeadLetterRecord.MAX_ORIGINAL_HEADER_BYTES);
    }
}
