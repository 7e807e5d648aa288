package io.streammtl.model;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.config.Activation;
import io.streammtl.config.FeatureConfig;
import io.streammtl.optim.Parameter;
import io.streammtl.optim.ParameterGroup;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What sits between the raw inputs and the trunk: embedding lookups of embedded categorical features (learned
 * tables, one row per bucket) and, when tasks declare their own feature sets, one linear projection per set from
 * that set's encoded features into the trunk's input space; each row goes through its own set's projection. The
 * routing and look-ups are host-side work on host views of the backend's buffers; the projections are dense layers.
 */
final class InputStage {
    private final ComputeBackend compute;
    private final int rawWidth;
    private final int encodedWidth;
    private final int outputWidth;
    private final int capacity;
    private final int[] rawToEncoded;
    private final Embedding[] embeddings;
    private final Projection[] projections;
    private final DeviceBuffer encoded;
    private final DeviceBuffer encodedGrad;
    private final DeviceBuffer output;
    private final DeviceBuffer outputGrad;
    private final List<ParameterGroup> groups;
    private final int[] rowSets;

    private record Embedding(String name, int rawSlot, int offset, int buckets, int dim, DeviceBuffer table,
                             DeviceBuffer grad) {
    }

    private static final class Projection {
        final int[] columns;
        final DenseLayer layer;
        final DeviceBuffer packed;
        final DeviceBuffer packedGrad;
        final int[] rows;
        int count;

        Projection(ComputeBackend compute, int[] columns, DenseLayer layer, int capacity, boolean needsInputGrad) {
            this.columns = columns;
            this.layer = layer;
            this.packed = compute.allocate(capacity * columns.length);
            this.packedGrad = needsInputGrad ? compute.allocate(capacity * columns.length) : null;
            this.rows = new int[capacity];
        }
    }

    /**
     * {@code sets} lists the feature indices of each feature set; projections exist only when {@code projected}.
     * Parameters are drawn from {@code random}: embedding tables N(0, 1) in feature order, then projections as
     * dense layers.
     */
    InputStage(ComputeBackend compute, List<FeatureConfig> features, List<int[]> sets, boolean projected, int projectionWidth,
               int capacity, SplittableRandom random) {
        this.compute = compute;
        this.capacity = capacity;
        int raw = 0;
        int enc = 0;
        int[] encodedOffset = new int[features.size()];
        List<Integer> rawMap = new ArrayList<>();
        List<Embedding> tables = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            FeatureConfig feature = features.get(f);
            encodedOffset[f] = enc;
            if (feature.embedded()) {
                DeviceBuffer table = compute.allocate(feature.buckets() * feature.embeddingDim());
                FloatBuffer values = compute.hostView(table);
                for (int i = 0; i < table.size(); i++) {
                    values.put(i, (float) gaussian(random));
                }
                compute.commitHostView(table);
                tables.add(new Embedding(feature.name(), raw, enc, feature.buckets(), feature.embeddingDim(), table,
                        compute.allocate(feature.buckets() * feature.embeddingDim())));
                rawMap.add(-1);
            } else {
                for (int i = 0; i < feature.width(); i++) {
                    rawMap.add(enc + i);
                }
            }
            raw += feature.width();
            enc += feature.encodedWidth();
        }
        this.rawWidth = raw;
        this.encodedWidth = enc;
        this.rawToEncoded = rawMap.stream().mapToInt(Integer::intValue).toArray();
        this.embeddings = tables.toArray(Embedding[]::new);
        boolean embedded = embeddings.length > 0;
        this.encoded = embedded ? compute.allocate(capacity * encodedWidth) : null;
        this.encodedGrad = embedded ? compute.allocate(capacity * encodedWidth) : null;
        if (projected) {
            projections = new Projection[sets.size()];
            for (int g = 0; g < sets.size(); g++) {
                List<Integer> columns = new ArrayList<>();
                for (int f : sets.get(g)) {
                    for (int i = 0; i < features.get(f).encodedWidth(); i++) {
                        columns.add(encodedOffset[f] + i);
                    }
                }
                DenseLayer layer = new DenseLayer(compute, columns.size(), projectionWidth, Activation.IDENTITY,
                        capacity);
                layer.initialize(random);
                projections[g] = new Projection(compute, columns.stream().mapToInt(Integer::intValue).toArray(), layer,
                        capacity, embedded);
            }
            this.outputWidth = projectionWidth;
            this.output = compute.allocate(capacity * projectionWidth);
            this.outputGrad = compute.allocate(capacity * projectionWidth);
        } else {
            projections = new Projection[0];
            this.outputWidth = encodedWidth;
            this.output = encoded;
            this.outputGrad = encodedGrad;
        }
        List<ParameterGroup> all = new ArrayList<>();
        for (int g = 0; g < projections.length; g++) {
            all.add(new ParameterGroup("projection." + g, projections[g].layer.parameters("projection." + g),
                    compute));
        }
        for (Embedding e : embeddings) {
            all.add(new ParameterGroup("embedding." + e.name(), List.of(new Parameter("embedding." + e.name(),
                    e.table(), e.grad(), compute)), compute));
        }
        this.groups = List.copyOf(all);
        this.rowSets = new int[capacity];
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller from the seeded generator, so initialisation does not depend on the JDK's Gaussian.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Whether the stage does anything (else the raw inputs feed the trunk as they are). */
    static boolean needed(List<FeatureConfig> features, boolean projected) {
        return projected || features.stream().anyMatch(FeatureConfig::embedded);
    }

    int outputWidth() {
        return outputWidth;
    }

    /** Projection groups (one per feature set), then embedding tables (one per embedded feature). */
    List<ParameterGroup> groups() {
        return groups;
    }

    int projections() {
        return projections.length;
    }

    /** Rows of the last forward pass that went through projection {@code g}. */
    int rowsIn(int g) {
        return projections[g].count;
    }

    int featureSetOf(int row) {
        return rowSets[row];
    }

    /** The buffer the trunk writes dL/d(output) into. */
    DeviceBuffer outputGrad() {
        return outputGrad;
    }

    /** Runs on the first {@code rows} raw rows; {@code featureSets[r]} is row r's feature set (null = all 0). */
    DeviceBuffer forward(DeviceBuffer raw, int rows, int[] featureSets) {
        DeviceBuffer source = raw;
        if (encoded != null) {
            FloatBuffer in = compute.hostView(raw);
            FloatBuffer out = compute.hostView(encoded);
            for (int r = 0; r < rows; r++) {
                int rawBase = r * rawWidth;
                int encBase = r * encodedWidth;
                for (int c = 0; c < rawWidth; c++) {
                    int target = rawToEncoded[c];
                    if (target >= 0) {
                        out.put(encBase + target, in.get(rawBase + c));
                    }
                }
                for (Embedding e : embeddings) {
                    int bucket = bucket(e, in.get(rawBase + e.rawSlot()));
                    FloatBuffer table = compute.hostView(e.table());
                    for (int d = 0; d < e.dim(); d++) {
                        out.put(encBase + e.offset() + d, table.get(bucket * e.dim() + d));
                    }
                }
            }
            compute.commitHostView(encoded);
            source = encoded;
        }
        if (projections.length == 0) {
            return source;
        }
        for (Projection p : projections) {
            p.count = 0;
        }
        for (int r = 0; r < rows; r++) {
            int g = featureSets == null ? 0 : featureSets[r];
            if (g < 0 || g >= projections.length) {
                throw new IllegalArgumentException("row " + r + " is of feature set " + g + "; this model has "
                        + projections.length);
            }
            rowSets[r] = g;
            Projection p = projections[g];
            p.rows[p.count++] = r;
        }
        FloatBuffer in = compute.hostView(source);
        FloatBuffer out = compute.hostView(output);
        for (Projection p : projections) {
            if (p.count == 0) {
                continue;
            }
            FloatBuffer packed = compute.hostView(p.packed);
            int width = p.columns.length;
            for (int i = 0; i < p.count; i++) {
                int base = p.rows[i] * encodedWidth;
                for (int c = 0; c < width; c++) {
                    packed.put(i * width + c, in.get(base + p.columns[c]));
                }
            }
            compute.commitHostView(p.packed);
            p.layer.forward(p.packed, p.count);
            FloatBuffer projected = compute.hostView(p.layer.output());
            for (int i = 0; i < p.count; i++) {
                int base = p.rows[i] * outputWidth;
                for (int c = 0; c < outputWidth; c++) {
                    out.put(base + c, projected.get(i * outputWidth + c));
                }
            }
        }
        compute.commitHostView(output);
        return output;
    }

    private static int bucket(Embedding e, float value) {
        int bucket = (int) value;
        if (bucket < 0 || bucket >= e.buckets() || bucket != value) {
            throw new IllegalArgumentException("embedding " + e.name() + ": bucket " + value + " is not in 0.."
                    + (e.buckets() - 1));
        }
        return bucket;
    }

    /** Back-propagates {@link #outputGrad()} of the last forward pass into the projections and embedding tables. */
    void backward(DeviceBuffer raw, int rows) {
        if (encodedGrad != null && projections.length > 0) {
            compute.fill(encodedGrad, 0f);
        }
        FloatBuffer grad = compute.hostView(outputGrad);
        for (Projection p : projections) {
            if (p.count == 0) {
                continue;
            }
            FloatBuffer layerGrad = compute.hostView(p.layer.outputGrad());
            for (int i = 0; i < p.count; i++) {
                int base = p.rows[i] * outputWidth;
                for (int c = 0; c < outputWidth; c++) {
                    layerGrad.put(i * outputWidth + c, grad.get(base + c));
                }
            }
            compute.commitHostView(p.layer.outputGrad());
            p.layer.backward(p.packed, p.count, p.packedGrad, false);
            if (p.packedGrad != null) {
                FloatBuffer packedGrad = compute.hostView(p.packedGrad);
                FloatBuffer enc = compute.hostView(encodedGrad);
                int width = p.columns.length;
                for (int i = 0; i < p.count; i++) {
                    int base = p.rows[i] * encodedWidth;
                    for (int c = 0; c < width; c++) {
                        int at = base + p.columns[c];
                        enc.put(at, enc.get(at) + packedGrad.get(i * width + c));
                    }
                }
                compute.commitHostView(encodedGrad);
            }
        }
        if (embeddings.length == 0) {
            return;
        }
        FloatBuffer in = compute.hostView(raw);
        FloatBuffer enc = compute.hostView(encodedGrad);
        for (Embedding e : embeddings) {
            compute.fill(e.grad(), 0f);
            FloatBuffer g = compute.hostView(e.grad());
            for (int r = 0; r < rows; r++) {
                int bucket = bucket(e, in.get(r * rawWidth + e.rawSlot()));
                for (int d = 0; d < e.dim(); d++) {
                    int at = bucket * e.dim() + d;
                    g.put(at, g.get(at) + enc.get(r * encodedWidth + e.offset() + d));
                }
            }
            compute.commitHostView(e.grad());
        }
    }

    /** Embedding tables and projection layers, for tests. */
    List<DeviceBuffer> embeddingTables() {
        List<DeviceBuffer> out = new ArrayList<>();
        for (Embedding e : embeddings) {
            out.add(e.table());
        }
        return out;
    }

    List<DeviceBuffer> embeddingGrads() {
        List<DeviceBuffer> out = new ArrayList<>();
        for (Embedding e : embeddings) {
            out.add(e.grad());
        }
        return out;
    }

    List<DenseLayer> projectionLayers() {
        List<DenseLayer> out = new ArrayList<>();
        for (Projection p : projections) {
            out.add(p.layer);
        }
        return out;
    }
}
