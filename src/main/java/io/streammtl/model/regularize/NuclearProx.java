package io.streammtl.model.regularize;

import io.streammtl.config.HeadCoupling;
import io.streammtl.config.TaskConfig;
import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.model.DenseLayer;
import io.streammtl.model.MultiTaskNetwork;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * The proximal step of the nuclear norm λ‖W‖* (trace-norm multi-task learning, Pong et al. 2010; singular value
 * thresholding, Cai, Candès &amp; Shen 2010) on W = [w_1 … w_k], the columns being the flattened final-layer weights of
 * the coupled heads: W ← U·max(S − lr·λ, 0)·Vᵀ. Since W is tall (d × k, k tasks), the SVD comes from the k × k Gram
 * matrix WᵀW = V·S²·Vᵀ (Jacobi, in double), and W ← W·V·diag(max(s_i − τ, 0)/s_i)·Vᵀ; this measured far faster than
 * ND4J's gesvd, which computes the full d × d U, and is tested against it.
 */
final class NuclearProx {
    private final double strength;
    private final ComputeBackend compute;
    private final DeviceBuffer[] columns;
    private final int rows;
    private final double[][] w;

    NuclearProx(HeadCoupling config, List<TaskConfig> tasks, MultiTaskNetwork network) {
        this.compute = network.compute();
        this.strength = config.strength();
        List<String> names = tasks.stream().map(TaskConfig::name).toList();
        this.columns = config.tasks().stream().map(name -> {
            List<DenseLayer> head = network.headLayers(names.indexOf(name));
            return head.get(head.size() - 1).weights();
        }).toArray(DeviceBuffer[]::new);
        this.rows = columns[0].size();
        this.w = new double[columns.length][rows];
    }

    /** Singular values of W, largest first. */
    double[] singularValues() {
        read();
        double[][] v = new double[columns.length][columns.length];
        double[] s = gramSvd(w, v);
        double[] sorted = s.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length / 2; i++) {
            double tmp = sorted[i];
            sorted[i] = sorted[sorted.length - 1 - i];
            sorted[sorted.length - 1 - i] = tmp;
        }
        return sorted;
    }

    /** λ‖W‖*. */
    double value() {
        double sum = 0;
        for (double s : singularValues()) {
            sum += s;
        }
        return strength * sum;
    }

    /** Shrinks W's singular values by lr·λ, zeroing those below. */
    void apply(double lr) {
        read();
        int k = columns.length;
        double[][] v = new double[k][k];
        double[] s = gramSvd(w, v);
        double tau = lr * strength;
        double[] factor = new double[k];
        for (int i = 0; i < k; i++) {
            factor[i] = s[i] > tau ? (s[i] - tau) / s[i] : 0;
        }
        double[][] p = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    sum += v[a][i] * factor[i] * v[b][i];
                }
                p[a][b] = sum;
            }
        }
        for (int j = 0; j < k; j++) {
            FloatBuffer column = compute.hostView(columns[j]);
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int a = 0; a < k; a++) {
                    sum += w[a][r] * p[a][j];
                }
                column.put(r, (float) sum);
            }
            compute.commitHostView(columns[j]);
        }
    }

    private void read() {
        for (int j = 0; j < columns.length; j++) {
            FloatBuffer column = compute.hostView(columns[j]);
            for (int r = 0; r < rows; r++) {
                w[j][r] = column.get(r);
            }
        }
    }

    /**
     * Singular values of the matrix whose columns are {@code columns} (unsorted) and its right singular vectors
     * into {@code v} (v[a][i]: row a of V, vector i), from the Jacobi eigen-decomposition of the Gram matrix.
     */
    static double[] gramSvd(double[][] columns, double[][] v) {
        int k = columns.length;
        double[][] g = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double sum = 0;
                for (int r = 0; r < columns[a].length; r++) {
                    sum += columns[a][r] * columns[b][r];
                }
                g[a][b] = sum;
                g[b][a] = sum;
            }
        }
        double[] eigen = JacobiEigen.decompose(g, v);
        double[] s = new double[k];
        for (int i = 0; i < k; i++) {
            s[i] = Math.sqrt(Math.max(eigen[i], 0));
        }
        return s;
    }
}
