package io.streammtl.config;

/**
 * What an event whose label did not arrive within its task's {@code label_ttl} teaches: nothing ({@code drop}), or
 * a 0 label ({@code negative}, binary tasks only: the click/conversion convention that silence means no).
 */
public enum ExpiryPolicy {
    DROP, NEGATIVE
}
