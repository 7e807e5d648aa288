package io.streammtl.config;

/** Element-wise non-linearity of a dense layer. */
public enum Activation {
    RELU, LEAKY_RELU, TANH, SIGMOID, IDENTITY
}
