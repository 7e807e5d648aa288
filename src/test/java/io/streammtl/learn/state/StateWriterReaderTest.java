package io.streammtl.learn.state;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.BufferUnderflowException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateWriterReaderTest {

    @Test
    void shouldReadBackEveryFieldInOrderWhateverTheSize() throws IOException {
        StateWriter out = new StateWriter();
        for (int i = 0; i < 100; i++) {
            out.putByte(i).putInt(-i).putLong(1L << i % 63).putDouble(i / 3.0).putString("task-" + i);
        }
        out.put(8, buffer -> buffer.putLong(42));

        StateReader in = new StateReader(out.toByteArray());

        for (int i = 0; i < 100; i++) {
            assertEquals((byte) i, in.getByte());
            assertEquals(-i, in.getInt());
            assertEquals(1L << i % 63, in.getLong());
            assertEquals(i / 3.0, in.getDouble());
            assertEquals("task-" + i, in.getString());
        }
        assertEquals(42, in.buffer().getLong());
        assertFalse(in.hasRemaining());
    }

    @Test
    void shouldWriteLittleEndian() {
        assertArrayEquals(new byte[] {1, 2, 0, 0}, new StateWriter().putInt(0x0201).toByteArray());
    }

    @Test
    void shouldRefuseAPartThatWritesAnotherSizeThanItSaid() {
        StateWriter out = new StateWriter();

        assertThrows(IllegalStateException.class, () -> out.put(8, buffer -> buffer.putInt(1)));
    }

    @Test
    void shouldRefuseALengthThatRunsPastTheEnd() {
        StateReader in = new StateReader(new StateWriter().putInt(100).putInt(7).toByteArray());

        IOException e = assertThrows(IOException.class, in::getBytes);

        assertTrue(e.getMessage().contains("a length of 100"), e.getMessage());
    }

    @Test
    void shouldRefuseACountOutsideItsRange() {
        StateReader in = new StateReader(new StateWriter().putInt(6).toByteArray());

        IOException e = assertThrows(IOException.class, () -> in.getCount("kept states", 5));

        assertTrue(e.getMessage().contains("6 kept states, expected 0 to 5"), e.getMessage());
    }

    @Test
    void shouldThrowUnderflowAtTheEndOfAShortState() {
        StateReader in = new StateReader(new byte[3]);

        assertThrows(BufferUnderflowException.class, in::getInt);
    }
}
