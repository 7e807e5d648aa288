package io.streammtl.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Names are found by their UTF-8 bytes anywhere in a buffer, and a name differing in any one byte is not. */
class Utf8NamesTest {
    private static final List<String> NAMES = List.of("a", "pH", "density", "bedrooms", "bathrooms",
            "free_sulfur_dioxide", "total_sulfur_dioxide", "größe", "x".repeat(40));

    @Test
    void shouldFindEveryNameAtAnyOffsetOfABuffer() {
        Utf8Names names = new Utf8Names(NAMES);
        for (int i = 0; i < NAMES.size(); i++) {
            byte[] name = NAMES.get(i).getBytes(StandardCharsets.UTF_8);
            for (int offset = 0; offset < 9; offset++) {
                byte[] buffer = new byte[offset + name.length + 3];
                System.arraycopy(name, 0, buffer, offset, name.length);
                assertEquals(i, names.indexOf(buffer, offset, name.length), NAMES.get(i) + " at " + offset);
            }
            assertEquals(i, names.indexOf(NAMES.get(i)));
        }
    }

    @Test
    void shouldNotMatchANameWithAnyOneByteChangedOrCutShort() {
        Utf8Names names = new Utf8Names(NAMES);
        for (String text : NAMES) {
            byte[] name = text.getBytes(StandardCharsets.UTF_8);
            for (int at = 0; at < name.length; at++) {
                byte[] changed = name.clone();
                changed[at] ^= 0x01;
                assertEquals(-1, names.indexOf(changed, 0, changed.length), text + " changed at " + at);
                assertEquals(-1, names.indexOf(name, 0, at), text + " cut to " + at);
            }
        }
        assertEquals(-1, names.indexOf("unknown"));
    }
}
