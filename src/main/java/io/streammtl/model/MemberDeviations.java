package io.streammtl.model;

import io.streammtl.config.FamilyConfig;
import io.streammtl.config.OptimizerConfig;
import io.streammtl.optim.StateBuffers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The members of one task family: per member k a deviation (ΔW_k, Δb_k) of the family head's output layer, added to
 * the family head's raw outputs for the member's rows, {@code z_i = z_family_i + h_i·ΔW_k + Δb_k} with h_i the input
 * of the head's last layer, and shrunk toward zero by {@code shrink}·‖Δ_k‖² (regularised multi-task learning,
 * Evgeniou &amp; Pontil, KDD 2004: each task is the shared model plus a penalised deviation). A member appears on its
 * first labeled example with a zero deviation, so it predicts with the family head until it has learned its own; zero
 * is the degenerate but bit-reproducible case of an initialisation from the model seed and the key. Deviations learn
 * with Adam (per-member moments and step count). Members are evicted least recently labeled first (ties: lower key
 * first) beyond {@code max_members}, and dropped after {@code idle_ttl_examples} model examples without a label; all
 * counted in model examples, never by the clock. The math runs on host arrays.
 */
public final class MemberDeviations {
    /** Moments below this are flushed to zero (denormal floats slow long runs), as the optimiser kernels do. */
    private static final float FLUSH = 1e-30f;
    private static final int FLUSH_EVERY = 16;

    private final FamilyConfig family;
    private final int width;
    private final int outputs;
    private final double learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, Member> members = new TreeMap<>();
    private final TreeSet<Member> byLastLabel = new TreeSet<>(
            Comparator.comparingLong((Member m) -> m.lastLabeled).thenComparing(m -> m.key));
    private final Member[] rowMember;
    private final List<Member> created = new ArrayList<>();
    private final List<Member> stepping = new ArrayList<>();
    private long examples;

    private static final class Member {
        final String key;
        final float[] w;
        final float[] b;
        final float[] mw;
        final float[] vw;
        final float[] mb;
        final float[] vb;
        final float[] gw;
        final float[] gb;
        long steps;
        long lastLabeled;
        boolean steppingNow;

        Member(String key, int width, int outputs) {
            this.key = key;
            int n = width * outputs;
            w = new float[n];
            mw = new float[n];
            vw = new float[n];
            gw = new float[n];
            b = new float[outputs];
            mb = new float[outputs];
            vb = new float[outputs];
            gb = new float[outputs];
        }
    }

    /**
     * Members of a family whose head's output layer reads {@code width} columns into {@code outputs} raw outputs,
     * for batches of up to {@code capacity} rows, learning with {@code optimizer}'s learning rate, betas and ε
     * (Adam's defaults for the betas where the optimiser has none).
     */
    public MemberDeviations(FamilyConfig family, int width, int outputs, int capacity, OptimizerConfig optimizer) {
        this.family = family;
        this.width = width;
        this.outputs = outputs;
        this.learningRate = optimizer.learningRate();
        this.beta1 = (float) optimizer.beta1();
        this.beta2 = (float) optimizer.beta2();
        this.epsilon = (float) optimizer.epsilon();
        this.rowMember = new Member[capacity];
    }

    public int width() {
        return width;
    }

    public int outputs() {
        return outputs;
    }

    /** Number of members. */
    public int size() {
        return members.size();
    }

    /** Whether {@code key} is a member (it has been labeled and not evicted). */
    public boolean contains(String key) {
        return members.containsKey(key);
    }

    /** The members' keys in key order. */
    public List<String> keys() {
        return List.copyOf(members.keySet());
    }

    /** Model examples seen (the clock of eviction and idle expiry). */
    public long examples() {
        return examples;
    }

    /** A copy of member {@code key}'s ΔW (width × outputs, row-major) followed by Δb; null if it is not a member. */
    public float[] deviation(String key) {
        Member m = members.get(key);
        if (m == null) {
            return null;
        }
        float[] out = new float[m.w.length + outputs];
        System.arraycopy(m.w, 0, out, 0, m.w.length);
        System.arraycopy(m.b, 0, out, m.w.length, outputs);
        return out;
    }

    /** Member {@code key}'s live ΔW, Δb and their last gradients, in that order (tests); null if not a member. */
    float[][] buffers(String key) {
        Member m = members.get(key);
        return m == null ? null : new float[][] {m.w, m.b, m.gw, m.gb};
    }

    /**
     * Binds each of the first {@code rows} rows to the member of {@code keys[r]} (null: none); with {@code labeled}
     * (null: predicting only) a labeled row of an unknown key creates its member at zero, kept only if the step is
     * applied ({@link #finishStep}).
     */
    public void bind(String[] keys, boolean[] labeled, int rows) {
        for (Member m : stepping) {
            m.steppingNow = false;
        }
        stepping.clear();
        created.clear();
        for (int r = 0; r < rows; r++) {
            String key = keys == null ? null : keys[r];
            Member m = key == null ? null : members.get(key);
            boolean label = labeled != null && labeled[r];
            if (m == null && key != null && label) {
                m = new Member(key, width, outputs);
                members.put(key, m);
                created.add(m);
            }
            rowMember[r] = m;
            if (m != null && label && !m.steppingNow) {
                m.steppingNow = true;
                stepping.add(m);
            }
        }
    }

    /** Whether any of the first {@code rows} bound rows has a member. */
    public boolean anyBound(int rows) {
        for (int r = 0; r < rows; r++) {
            if (rowMember[r] != null) {
                return true;
            }
        }
        return false;
    }

    /** Adds each bound row's deviation to its raw outputs: {@code z[r] += h[r]·ΔW + Δb}. */
    public void addOutputs(float[] h, float[] z, int rows) {
        for (int r = 0; r < rows; r++) {
            Member m = rowMember[r];
            if (m == null) {
                continue;
            }
            for (int j = 0; j < outputs; j++) {
                float sum = m.b[j];
                for (int c = 0; c < width; c++) {
                    sum += h[r * width + c] * m.w[c * outputs + j];
                }
                z[r * outputs + j] += sum;
            }
        }
    }

    /** The shrinkage penalty {@code shrink}·Σ‖Δ_k‖² over the members that step. */
    public double penalty() {
        double sum = 0;
        for (Member m : stepping) {
            sum += squares(m.w) + squares(m.b);
        }
        return family.shrink() * sum;
    }

    /**
     * From dL/dz {@code g} (rows × outputs): the stepping members' gradients {@code dΔW_k = Σ_{i∈k} h_iᵀ g_i +
     * 2·shrink·ΔW_k}, {@code dΔb_k = Σ_{i∈k} g_i + 2·shrink·Δb_k}, and into {@code hGrad} (rows × width) each bound
     * row's {@code g_i·ΔW_kᵀ}, zero for the others, the share of dL/dh_i that the deviation adds.
     */
    public void backward(float[] h, float[] g, int rows, float[] hGrad) {
        float twiceShrink = (float) (2 * family.shrink());
        for (Member m : stepping) {
            for (int i = 0; i < m.w.length; i++) {
                m.gw[i] = twiceShrink * m.w[i];
            }
            for (int j = 0; j < outputs; j++) {
                m.gb[j] = twiceShrink * m.b[j];
            }
        }
        Arrays.fill(hGrad, 0, rows * width, 0f);
        for (int r = 0; r < rows; r++) {
            Member m = rowMember[r];
            if (m == null) {
                continue;
            }
            for (int c = 0; c < width; c++) {
                float hc = h[r * width + c];
                float back = 0f;
                for (int j = 0; j < outputs; j++) {
                    float gj = g[r * outputs + j];
                    back += gj * m.w[c * outputs + j];
                    if (m.steppingNow) {
                        m.gw[c * outputs + j] += hc * gj;
                    }
                }
                hGrad[r * width + c] = back;
            }
            if (m.steppingNow) {
                for (int j = 0; j < outputs; j++) {
                    m.gb[j] += g[r * outputs + j];
                }
            }
        }
    }

    /** Squared norm of the stepping members' gradients (part of the global norm that clipping uses). */
    public double gradientSquaredNorm() {
        double sum = 0;
        for (Member m : stepping) {
            sum += squares(m.gw) + squares(m.gb);
        }
        return sum;
    }

    /**
     * One Adam step (PyTorch's arithmetic, as the model's optimiser) of every stepping member, the gradients
     * multiplied by {@code gradientScale} (clipping), the learning rate by {@code learningRateScale}.
     */
    public void step(float gradientScale, double learningRateScale) {
        double lr = learningRate * learningRateScale;
        for (Member m : stepping) {
            m.steps++;
            long t = m.steps;
            float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
            float correction2 = (float) Math.sqrt(1 - Math.pow(beta2, t));
            boolean flush = t % FLUSH_EVERY == 0;
            adam(m.w, m.gw, m.mw, m.vw, gradientScale, stepSize, correction2, flush);
            adam(m.b, m.gb, m.mb, m.vb, gradientScale, stepSize, correction2, flush);
        }
    }

    private void adam(float[] w, float[] grad, float[] m, float[] v, float gradientScale, float stepSize,
                      float correction2, boolean flush) {
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        for (int i = 0; i < w.length; i++) {
            float g = grad[i] * gradientScale;
            float mi = beta1 * m[i] + oneMinusBeta1 * g;
            float vi = beta2 * v[i] + oneMinusBeta2 * g * g;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) / correction2 + epsilon);
            if (flush) {
                m[i] = Math.abs(m[i]) < FLUSH ? 0f : m[i];
                v[i] = Math.abs(v[i]) < FLUSH ? 0f : v[i];
            }
        }
    }

    /**
     * Ends a step of {@code rows} rows: if {@code applied}, each labeled row marks its member labeled at that example
     * and then members idle beyond the TTL, and the least recently labeled beyond {@code max_members}, are dropped;
     * if not, the members this step created are dropped again. The example count advances either way.
     */
    public void finishStep(boolean applied, boolean[] labeled, int rows) {
        if (!applied) {
            created.forEach(m -> members.remove(m.key));
        } else {
            for (int r = 0; r < rows; r++) {
                Member m = rowMember[r];
                if (m != null && labeled[r]) {
                    byLastLabel.remove(m);
                    m.lastLabeled = examples + r + 1;
                    byLastLabel.add(m);
                }
            }
        }
        created.clear();
        examples += rows;
        if (applied) {
            dropIdleAndExcess();
        }
        Arrays.fill(rowMember, 0, rows, null);
    }

    private void dropIdleAndExcess() {
        long ttl = family.idleTtlExamples();
        while (ttl > 0 && !byLastLabel.isEmpty() && examples - byLastLabel.first().lastLabeled > ttl) {
            members.remove(byLastLabel.pollFirst().key);
        }
        while (members.size() > family.maxMembers()) {
            members.remove(byLastLabel.pollFirst().key);
        }
    }

    /** Bytes {@link #write} needs. */
    public int stateBytes() {
        int bytes = 4 + 4 + 8 + 4;
        for (Member m : members.values()) {
            bytes += StateBuffers.stringBytes(m.key) + 8 + 8 + 3 * 4 * (m.w.length + m.b.length);
        }
        return bytes;
    }

    /**
     * Width, outputs, the example count and the members in key order: key, example of the last label, Adam steps, then
     * ΔW, Δb, and Adam's first and second moments of each (little-endian f32).
     */
    public void write(ByteBuffer out) {
        out.putInt(width).putInt(outputs).putLong(examples).putInt(members.size());
        for (Member m : members.values()) {
            StateBuffers.putString(out, m.key);
            out.putLong(m.lastLabeled).putLong(m.steps);
            for (float[] values : new float[][] {m.w, m.b, m.mw, m.vw, m.mb, m.vb}) {
                out.asFloatBuffer().put(values);
                out.position(out.position() + 4 * values.length);
            }
        }
    }

    /** Replaces every member with what {@link #write} wrote for a family of the same head shape. */
    public void read(ByteBuffer in) throws IOException {
        int storedWidth = in.getInt();
        int storedOutputs = in.getInt();
        if (storedWidth != width || storedOutputs != outputs) {
            throw new IOException("family members of a " + storedWidth + " × " + storedOutputs
                    + " output layer; this family's is " + width + " × " + outputs);
        }
        long storedExamples = in.getLong();
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IOException(count + " family members cannot fit in the " + in.remaining() + " bytes left");
        }
        members.clear();
        byLastLabel.clear();
        for (int i = 0; i < count; i++) {
            Member m = new Member(StateBuffers.getString(in), width, outputs);
            m.lastLabeled = in.getLong();
            m.steps = in.getLong();
            for (float[] values : new float[][] {m.w, m.b, m.mw, m.vw, m.mb, m.vb}) {
                in.asFloatBuffer().get(values);
                in.position(in.position() + 4 * values.length);
            }
            members.put(m.key, m);
            byLastLabel.add(m);
        }
        examples = storedExamples;
    }

    /** Moves past what {@link #write} wrote (the members of a family that is no longer in the spec). */
    public static void skip(ByteBuffer in) {
        int storedWidth = in.getInt();
        int storedOutputs = in.getInt();
        in.getLong();
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            StateBuffers.getString(in);
            in.position(in.position() + 16 + 3 * 4 * (storedWidth * storedOutputs + storedOutputs));
        }
    }

    private static double squares(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return sum;
    }
}
