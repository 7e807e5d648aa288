package io.streammtl.model.regularize;

import io.streammtl.config.HeadCoupling;
import io.streammtl.config.TaskConfig;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.model.Buffers;
import io.streammtl.model.MultiTaskNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The nuclear-norm proximal step: singular values shrunk by exactly lr·λ, those below zeroed, vectors kept. */
class NuclearProxTest {
    private static final int TASKS = 3;
    private final List<TaskConfig> tasks = RegularizerFixtures.tasks(TASKS);

    /** Orthonormal columns by Gram-Schmidt on seeded random vectors: q[c][r]. */
    private static double[][] orthonormal(int rows, int cols, SplittableRandom random) {
        double[][] q = new double[cols][rows];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                q[c][r] = random.nextDouble() - 0.5;
            }
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int r = 0; r < rows; r++) {
                    dot += q[c][r] * q[p][r];
                }
                for (int r = 0; r < rows; r++) {
                    q[c][r] -= dot * q[p][r];
                }
            }
            double norm = 0;
            for (int r = 0; r < rows; r++) {
                norm += q[c][r] * q[c][r];
            }
            for (int r = 0; r < rows; r++) {
                q[c][r] /= Math.sqrt(norm);
            }
        }
        return q;
    }

    /** W = U·diag(s)·Vᵀ as column j = Σ_i s_i·v[i][j]·u_i. */
    private static double[][] compose(double[][] u, double[] s, double[][] v) {
        int rows = u[0].length;
        double[][] w = new double[v[0].length][rows];
        for (int j = 0; j < w.length; j++) {
            for (int i = 0; i < s.length; i++) {
                for (int r = 0; r < rows; r++) {
                    w[j][r] += s[i] * v[i][j] * u[i][r];
                }
            }
        }
        return w;
    }

    private static DeviceBuffer finalWeights(MultiTaskNetwork net, int t) {
        return net.headLayers(t).get(net.headLayers(t).size() - 1).weights();
    }

    @Test
    void shouldShrinkSingularValuesByLrTimesStrengthAndZeroThoseBelow() {
        MultiTaskNetwork net = RegularizerFixtures.network(tasks, List.of(), 1);
        int rows = finalWeights(net, 0).size();
        SplittableRandom random = new SplittableRandom(5);
        double[][] u = orthonormal(rows, TASKS, random);
        double[][] v = orthonormal(TASKS, TASKS, random);
        double[] s = {3.0, 1.0, 0.2};
        double[][] w = compose(u, s, v);
        for (int t = 0; t < TASKS; t++) {
            for (int r = 0; r < rows; r++) {
                Buffers.set(net.compute(), finalWeights(net, t), r, (float) w[t][r]);
            }
        }
        NuclearProx prox = new NuclearProx(new HeadCoupling(5.0, List.of("t0", "t1", "t2"), List.of(), 0.01, 1e-4),
                tasks, net);
        assertArrayEquals(s, prox.singularValues(), 1e-5);

        prox.apply(0.1);

        double[][] expected = compose(u, new double[] {2.5, 0.5, 0.0}, v);
        for (int t = 0; t < TASKS; t++) {
            for (int r = 0; r < rows; r++) {
                assertEquals(expected[t][r], Buffers.get(net.compute(), finalWeights(net, t), r), 2e-6, "column " + t + " row " + r);
            }
        }
        assertArrayEquals(new double[] {2.5, 0.5, 0.0}, prox.singularValues(), 1e-5);
    }

    @Test
    void shouldAgreeWithNd4jSvdOnSingularValues() {
        SplittableRandom random = new SplittableRandom(9);
        int rows = 64;
        int cols = 4;
        double[][] columns = new double[cols][rows];
        INDArray a = Nd4j.create(DataType.DOUBLE, new long[] {rows, cols}, 'f');
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                columns[c][r] = random.nextDouble() * 2 - 1;
                a.putScalar(r, c, columns[c][r]);
            }
        }
        INDArray s = Nd4j.create(DataType.DOUBLE, cols);
        INDArray uu = Nd4j.create(DataType.DOUBLE, new long[] {rows, rows}, 'f');
        INDArray vt = Nd4j.create(DataType.DOUBLE, new long[] {cols, cols}, 'f');
        Nd4j.getBlasWrapper().lapack().gesvd(a, s, uu, vt);
        double[] ours = NuclearProx.gramSvd(columns, new double[cols][cols]);
        java.util.Arrays.sort(ours);
        double[] reference = s.toDoubleVector();
        java.util.Arrays.sort(reference);
        assertArrayEquals(reference, ours, 1e-9);
    }
}
