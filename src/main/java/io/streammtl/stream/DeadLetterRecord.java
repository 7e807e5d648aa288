package io.streammtl.stream;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;

/**
 * A dead letter bounded in size, whatever the input: the original key and value with the reason, detail and source
 * headers; the detail is cut to {@link #MAX_DETAIL_BYTES} with a count of what was cut, and a value (then a key) that
 * would take the record over the limit is left out, with a header giving its original size. The source header
 * (topic-partition@offset) still points at the original record.
 */
public record DeadLetterRecord(byte[] key, byte[] value, Headers headers) {
    public static final String REASON_HEADER = "streammtl.reason";
    public static final String DETAIL_HEADER = "streammtl.detail";
    public static final String SOURCE_HEADER = "streammtl.source";
    /** Present when the original value was left out: its size in bytes, in decimal. */
    public static final String VALUE_OMITTED_HEADER = "streammtl.value-omitted-bytes";
    /** Present when the original key was left out: its size in bytes, in decimal. */
    public static final String KEY_OMITTED_HEADER = "streammtl.key-omitted-bytes";
    /** Present when the input record's own headers were left out: their size in bytes, in decimal. */
    public static final String HEADERS_OMITTED_HEADER = "streammtl.headers-omitted-bytes";
    /** The most of the input record's own headers a dead letter carries. */
    public static final int MAX_ORIGINAL_HEADER_BYTES = 65_536;
    /** The detail header's limit in UTF-8 bytes, including the note of what was cut. */
    public static final int MAX_DETAIL_BYTES = 1024;
    /** Room for the record's own framing (lengths, timestamp, attributes) and the batch header. */
    private static final int FRAMING_BYTES = 512;

    /** The dead letter of an input record ({@code key} and {@code value} may be null) within {@code maxBytes}. */
    public static DeadLetterRecord of(byte[] key, byte[] value, DeadLetterReason reason, String detail, String source,
                                      int maxBytes) {
        return of(key, value, null, reason, detail, source, maxBytes);
    }

    /**
     * The same, carrying the input record's own headers when they take at most {@link #MAX_ORIGINAL_HEADER_BYTES}
     * (else they are left out and {@link #HEADERS_OMITTED_HEADER} gives their size).
     */
    public static DeadLetterRecord of(byte[] key, byte[] value, Headers original, DeadLetterReason reason,
                                      String detail, String source, int maxBytes) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            int size = headerBytes(original);
            if (size <= MAX_ORIGINAL_HEADER_BYTES) {
                for (Header header : original) {
                    if (!header.key().startsWith("streammtl.")) {
                        headers.add(header);
                    }
                }
            } else {
                headers.add(HEADERS_OMITTED_HEADER, utf8(Integer.toString(size)));
            }
        }
        headers.add(REASON_HEADER, utf8(reason.code()));
        headers.add(DETAIL_HEADER, cut(detail == null ? "" : detail));
        if (source != null) {
            headers.add(SOURCE_HEADER, utf8(cutText(source, 256)));
        }
        int budget = maxBytes - FRAMING_BYTES - headerBytes(headers) - 2 * 64;
        byte[] keptKey = key;
        byte[] keptValue = value;
        if (length(key) + length(value) > budget) {
            if (value != null) {
                keptValue = null;
                headers.add(VALUE_OMITTED_HEADER, utf8(Integer.toString(value.length)));
            }
            if (length(key) > budget) {
                keptKey = null;
                headers.add(KEY_OMITTED_HEADER, utf8(Integer.toString(key.length)));
            }
        }
        return new DeadLetterRecord(keptKey, keptValue, headers);
    }

    /** This dead letter as the trainer's output record for {@code topic}, with the input record's timestamp. */
    Record<byte[], OutputRecord> toRecord(String topic, long timestamp) {
        return new Record<>(key, new OutputRecord(topic, value), timestamp, headers);
    }

    /** The detail as UTF-8, cut to {@link #MAX_DETAIL_BYTES} with "… [N more bytes cut]" at the end. */
    static byte[] cut(String detail) {
        byte[] bytes = utf8(detail);
        if (bytes.length <= MAX_DETAIL_BYTES) {
            return bytes;
        }
        // 48 bytes hold the note whatever the count (" … [2147483647 more bytes cut]" is 33).
        int keep = keptPrefix(bytes, MAX_DETAIL_BYTES - 48);
        String note = " … [" + (bytes.length - keep) + " more bytes cut]";
        byte[] noteBytes = utf8(note);
        byte[] out = new byte[keep + noteBytes.length];
        System.arraycopy(bytes, 0, out, 0, keep);
        System.arraycopy(noteBytes, 0, out, keep, noteBytes.length);
        return out;
    }

    /** The longest prefix of at most {@code limit} bytes that does not split a UTF-8 character. */
    private static int keptPrefix(byte[] bytes, int limit) {
        int end = Math.min(limit, bytes.length);
        while (end > 0 && end < bytes.length && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }

    private static String cutText(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars);
    }

    private static int headerBytes(Headers headers) {
        int total = 0;
        for (Header header : headers) {
            total += utf8(header.key()).length + length(header.value()) + 10;
        }
        return total;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
