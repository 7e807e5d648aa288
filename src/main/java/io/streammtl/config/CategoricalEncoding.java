package io.streammtl.config;

/** How a categorical feature's bucket reaches the network: a one-hot vector, or a row of a learned embedding table. */
public enum CategoricalEncoding {
    ONE_HOT, EMBEDDING
}
