package io.streammtl.stream.join;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the join store, under a {@link JoinKey}: a served event waiting for labels ({@link Kind#PENDING}:
 * its record time, each task's {@link LabelState}, the {@link ServedEvent}); what is left of it once no task waits
 * ({@link Kind#RESOLVED}: the states alone, kept for {@code late_window} so a later label is called duplicate or
 * late, not orphan); or labels that came before their event ({@link Kind#ORPHAN}). {@code indexedAt} is the time it
 * is filed under in the expiry index. One explicit format, versioned by its first byte.
 */
public final class JoinEntry {
    private static final int FORMAT = 1;

    /** What an entry holds. */
    public enum Kind { PENDING, RESOLVED, ORPHAN }

    /** A label record that came before its event: its record time and bytes. */
    public record WaitingLabel(long timestamp, byte[] record) {
    }

    private final Kind kind;
    private long indexedAt;
    private final long servedAt;
    private final LabelState[] states;
    private final byte[] served;
    private final List<WaitingLabel> waiting;

    private JoinEntry(Kind kind, long indexedAt, long servedAt, LabelState[] states, byte[] served,
                      List<WaitingLabel> waiting) {
        this.kind = kind;
        this.indexedAt = indexedAt;
        this.servedAt = servedAt;
        this.states = states;
        this.served = served;
        this.waiting = waiting;
    }

    /** A served event, waiting for the labels of its awaited tasks. */
    public static JoinEntry pending(long servedAt, LabelState[] states, byte[] served) {
        return new JoinEntry(Kind.PENDING, 0, servedAt, states.clone(), served, List.of());
    }

    /** Labels waiting for their event. */
    public static JoinEntry orphan(WaitingLabel first) {
        List<WaitingLabel> waiting = new ArrayList<>();
        waiting.add(first);
        return new JoinEntry(Kind.ORPHAN, 0, 0, new LabelState[0], new byte[0], waiting);
    }

    /** This entry once no task waits: the states only. */
    public JoinEntry resolved() {
        return new JoinEntry(Kind.RESOLVED, indexedAt, servedAt, states, new byte[0], List.of());
    }

    public Kind kind() {
        return kind;
    }

    public long indexedAt() {
        return indexedAt;
    }

    public void indexAt(long time) {
        indexedAt = time;
    }

    /** The record time of the served event: each task's TTL counts from it. */
    public long servedAt() {
        return servedAt;
    }

    public LabelState state(int t) {
        return states[t];
    }

    public void setState(int t, LabelState state) {
        states[t] = state;
    }

    public int tasks() {
        return states.length;
    }

    /** Whether some task still waits for its label. */
    public boolean awaitsAny() {
        for (LabelState state : states) {
            if (state == LabelState.AWAITING) {
                return true;
            }
        }
        return false;
    }

    /** The {@link ServedEvent}'s bytes (pending entries only). */
    public byte[] served() {
        return served;
    }

    /** Label records that came before their event, in arrival order (orphan entries only). */
    public List<WaitingLabel> waiting() {
        return waiting;
    }

    public void addWaiting(WaitingLabel label) {
        waiting.add(label);
    }

    public byte[] encode() {
        StateWriter out = new StateWriter().putByte(FORMAT).putByte(kind.ordinal()).putLong(indexedAt)
                .putLong(servedAt).putInt(states.length);
        for (LabelState state : states) {
            out.putByte(state.code());
        }
        out.putBytes(served).putInt(waiting.size());
        for (WaitingLabel label : waiting) {
            out.putLong(label.timestamp()).putBytes(label.record());
        }
        return out.toByteArray();
    }

    public static JoinEntry decode(byte[] bytes) throws IOException {
        try {
            StateReader in = new StateReader(bytes);
            int format = in.getByte();
            if (format != FORMAT) {
                throw new IOException("join entry of format " + format + ", expected " + FORMAT);
            }
            Kind kind = Kind.values()[in.getByte()];
            long indexedAt = in.getLong();
            long servedAt = in.getLong();
            LabelState[] states = new LabelState[in.getCount("tasks", 1 << 16)];
            for (int t = 0; t < states.length; t++) {
                states[t] = LabelState.of(in.getByte());
            }
            byte[] served = in.getBytes();
            int count = in.getCount("waiting labels", 1 << 20);
            List<WaitingLabel> waiting = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                waiting.add(new WaitingLabel(in.getLong(), in.getBytes()));
            }
            return new JoinEntry(kind, indexedAt, servedAt, states, served, waiting);
        } catch (RuntimeException e) {
            throw new IOException("join entry is truncated or corrupt: " + e, e);
        }
    }
}
