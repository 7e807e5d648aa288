package io.streammtl.stream.join;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;

/**
 * What the trainer hands the join for an event whose labels may still come: the event's id and model key, its event
 * time, the model version that served it, the example as the learner takes it (feature set, encoded inputs), each
 * task's {@link LabelState} at serving time, and the prediction served for each awaited task (its
 * {@code outputs()} values: a regression value in label units, a binary P(1), or class probabilities; empty for
 * the others). One explicit format, versioned by its first byte.
 */
public record ServedEvent(byte[] id, String model, long eventTime, long version, int featureSet, float[] inputs,
                          LabelState[] states, float[][] served) {
    private static final int FORMAT = 1;

    public byte[] encode() {
        StateWriter out = new StateWriter().putByte(FORMAT).putBytes(id).putString(model).putLong(eventTime)
                .putLong(version).putInt(featureSet);
        Floats.put(out, inputs);
        out.putInt(states.length);
        for (int t = 0; t < states.length; t++) {
            out.putByte(states[t].code());
            Floats.put(out, served[t]);
        }
        return out.toByteArray();
    }

    /** Decodes {@link #encode()}'s bytes; an unknown format or a truncated record is an {@link IOException}. */
    public static ServedEvent decode(byte[] bytes) throws IOException {
        try {
            StateReader in = new StateReader(bytes);
            int format = in.getByte();
            if (format != FORMAT) {
                throw new IOException("served event of format " + format + ", expected " + FORMAT);
            }
            byte[] id = in.getBytes();
            String model = in.getString();
            long eventTime = in.getLong();
            long version = in.getLong();
            int featureSet = in.getInt();
            float[] inputs = Floats.get(in);
            int tasks = in.getCount("tasks", 1 << 16);
            LabelState[] states = new LabelState[tasks];
            float[][] served = new float[tasks][];
            for (int t = 0; t < tasks; t++) {
                states[t] = LabelState.of(in.getByte());
                served[t] = Floats.get(in);
            }
            return new ServedEvent(id, model, eventTime, version, featureSet, inputs, states, served);
        } catch (RuntimeException e) {
            throw new IOException("served event is truncated or corrupt: " + e, e);
        }
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
}
