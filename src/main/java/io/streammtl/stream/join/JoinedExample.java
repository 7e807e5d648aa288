package io.streammtl.stream.join;

import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;

/**
 * A served event joined with labels that came later (or with the 0 labels of {@code on_expiry: negative}), on its
 * way to the model's single writer, keyed by model: the event's id and time, when the labels became known, the
 * model version that served it, the example's feature set and inputs, per task whether it is labeled here, the
 * label (encoded as the learner takes it) and the prediction that was served, the example weight, whether the
 * labels come from expiry, and the original label record (for a dead letter the writer may still produce). One
 * explicit format, versioned by its first byte.
 */
public record JoinedExample(byte[] id, long eventTime, long labelTime, long servedVersion, int featureSet,
                            float[] inputs, boolean[] labeled, float[] labels, float[][] served, double weight,
                            boolean fromExpiry, byte[] labelRecord) {
    private static final int FORMAT = 1;

    public byte[] encode() {
        StateWriter out = new StateWriter().putByte(FORMAT).putBytes(id).putLong(eventTime).putLong(labelTime)
                .putLong(servedVersion).putInt(featureSet).putDouble(weight).putByte(fromExpiry ? 1 : 0);
        Floats.put(out, inputs);
        out.putInt(labeled.length);
        for (int t = 0; t < labeled.length; t++) {
            out.putByte(labeled[t] ? 1 : 0);
            if (labeled[t]) {
                float label = labels[t];
                out.put(Float.BYTES, b -> b.putFloat(label));
                Floats.put(out, served[t]);
            }
        }
        return out.putBytes(labelRecord).toByteArray();
    }

    /** Decodes {@link #encode()}'s bytes; an unknown format or a truncated record is an {@link IOException}. */
    public static JoinedExample decode(byte[] bytes) throws IOException {
        try {
            StateReader in = new StateReader(bytes);
            int format = in.getByte();
            if (format != FORMAT) {
                throw new IOException("joined example of format " + format + ", expected " + FORMAT);
            }
            byte[] id = in.getBytes();
            long eventTime = in.getLong();
            long labelTime = in.getLong();
            long version = in.getLong();
            int featureSet = in.getInt();
            double weight = in.getDouble();
            boolean fromExpiry = in.getByte() == 1;
            float[] inputs = Floats.get(in);
            int tasks = in.getCount("tasks", 1 << 16);
            boolean[] labeled = new boolean[tasks];
            float[] labels = new float[tasks];
            float[][] served = new float[tasks][];
            for (int t = 0; t < tasks; t++) {
                labeled[t] = in.getByte() == 1;
                served[t] = new float[0];
                if (labeled[t]) {
                    labels[t] = in.buffer().getFloat();
                    served[t] = Floats.get(in);
                }
            }
            byte[] labelRecord = in.getBytes();
            return new JoinedExample(id, eventTime, labelTime, version, featureSet, inputs, labeled, labels, served,
                    weight, fromExpiry, labelRecord);
        } catch (RuntimeException e) {
            throw new IOException("joined example is truncated or corrupt: " + e, e);
        }
    }
}
