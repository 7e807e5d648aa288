package io.streammtl.learn;

/**
 * One example as it arrives in an evaluation: which pass it belongs to and, once served, the prediction the model
 * of its arrival made for it and that model's version.
 */
final class Arrival {
    private final Example example;
    private final boolean lastPass;
    private float[][] served;
    private long servedVersion;

    Arrival(Example example, boolean lastPass) {
        this.example = example;
        this.lastPass = lastPass;
    }

    Example example() {
        return example;
    }

    boolean lastPass() {
        return lastPass;
    }

    void serve(float[][] outputs, long version) {
        this.served = outputs;
        this.servedVersion = version;
    }

    /** Task {@code t}'s served outputs, from index 0; only once it was served. */
    float[] served(int t) {
        return served[t];
    }

    long servedVersion() {
        return servedVersion;
    }
}
