package io.streammtl.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordAllocationTest {

    private static final int RECORDS = 200_000;
    // Even one 16-byte object per record would allocate 3.2 MB; this leaves room for the probe itself.
    private static final long TOLERATED_BYTES = 64 * 1024;

    private static com.sun.management.ThreadMXBean allocationProbe() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assertTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean probe = (com.sun.management.ThreadMXBean) bean;
        assertTrue(probe.isThreadAllocatedMemorySupported());
        probe.setThreadAllocatedMemoryEnabled(true);
        return probe;
    }

    private static long bytesAllocatedRecording(
            PrequentialMetrics metrics, double[] labels, float[] outputs, int width) {
        com.sun.management.ThreadMXBean probe = allocationProbe();
        int rows = labels.length;
        for (int i = 0; i < RECORDS; i++) {
            metrics.record(labels[i % rows], outputs, (i % rows) * width);
        }
        long before = probe.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < RECORDS; i++) {
            metrics.record(labels[i % rows], outputs, (i % rows) * width);
        }
        return probe.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void shouldNotAllocateWhenRecordingRegression() {
        Random random = new Random(1);
        double[] labels = new double[1000];
        float[] outputs = new float[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextGaussian();
            outputs[i] = (float) random.nextGaussian();
        }
        long bytes = bytesAllocatedRecording(PrequentialMetrics.regression(128), labels, outputs, 1);

        assertTrue(bytes < TOLERATED_BYTES, bytes + " bytes allocated");
    }

    @Test
    void shouldNotAllocateWhenRecordingBinary() {
        Random random = new Random(2);
        double[] labels = new double[1000];
        float[] outputs = new float[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextBoolean() ? 1 : 0;
            outputs[i] = random.nextFloat();
        }
        long bytes = bytesAllocatedRecording(PrequentialMetrics.binary(128), labels, outputs, 1);

        assertTrue(bytes < TOLERATED_BYTES, bytes + " bytes allocated");
    }

    @Test
    void shouldNotAllocateWhenRecordingMulticlass() {
        Random random = new Random(3);
        int classes = 5;
        double[] labels = new double[1000];
        float[] outputs = new float[1000 * classes];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(classes);
            for (int c = 0; c < classes; c++) {
                outputs[i * classes + c] = random.nextFloat();
            }
        }
        long bytes = bytesAllocatedRecording(
                PrequentialMetrics.multiclass(classes, 128), labels, outputs, classes);

        assertTrue(bytes < TOLERATED_BYTES, bytes + " bytes allocated");
    }
}
