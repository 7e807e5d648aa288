package io.streammtl.model.regularize;

import io.streammtl.config.HeadCoupling;
import io.streammtl.model.MultiTaskNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Locale;

/**
 * Times the nuclear-norm proximal step (Gram + Jacobi, what the learner uses) against ND4J's gesvd on the same
 * matrix (final-layer weights of T linear heads on a 64-wide trunk): prints microseconds per call, never fails. Run:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.streammtl.model.regularize.NuclearProxBenchmark}.
 */
public final class NuclearProxBenchmark {
    private NuclearProxBenchmark() {
    }

    public static void main(String[] args) {
        for (int tasks : new int[] {2, 4, 8}) {
            var taskConfigs = RegularizerFixtures.tasks(tasks);
            MultiTaskNetwork net = new MultiTaskNetwork(new io.streammtl.compute.cpu.CpuCompute(), 11, new io.streammtl.config.TrunkConfig(List.of(64, 64),
                    io.streammtl.config.Activation.RELU), new io.streammtl.config.HeadConfig(List.of(),
                    io.streammtl.config.Activation.RELU), taskConfigs, 32, 1);
            List<String> names = taskConfigs.stream().map(t -> t.name()).toList();
            NuclearProx prox = new NuclearProx(new HeadCoupling(1e-6, names, List.of(), 0.01, 1e-4), taskConfigs, net);
            double gram = time(() -> prox.apply(1e-3), 20_000);
            INDArray m = Nd4j.rand(DataType.FLOAT, 64, tasks);
            double nd4j = time(() -> {
                INDArray a = m.dup('f');
                INDArray s = Nd4j.create(DataType.FLOAT, tasks);
                INDArray u = Nd4j.create(DataType.FLOAT, new long[] {64, 64}, 'f');
                INDArray vt = Nd4j.create(DataType.FLOAT, new long[] {tasks, tasks}, 'f');
                Nd4j.getBlasWrapper().lapack().gesvd(a, s, u, vt);
            }, 5_000);
            System.out.printf(Locale.ROOT, "T=%d heads (64x%d): gram+jacobi prox %.1f us/step, ND4J gesvd alone %.1f us%n",
                    tasks, tasks, gram, nd4j);
        }
    }

    private static double time(Runnable run, int reps) {
        for (int i = 0; i < reps / 5; i++) {
            run.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            run.run();
        }
        return (System.nanoTime() - start) / 1e3 / reps;
    }
}
