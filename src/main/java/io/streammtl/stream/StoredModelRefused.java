package io.streammtl.stream;

/**
 * A stored model that cannot be restored under the current spec (a change that cannot carry over, or a snapshot
 * without a spec): it fails the start with one message naming the change and how to start fresh, which
 * {@code serve} prints before it exits, instead of a stack trace.
 */
public final class StoredModelRefused extends IllegalStateException {
    StoredModelRefused(String model, IllegalArgumentException why) {
        super("model " + model + ": " + why.getMessage(), why);
    }

    /** The first StoredModelRefused in {@code failure}'s cause chain, or null. */
    public static StoredModelRefused in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoredModelRefused refused) {
                return refused;
            }
        }
        return null;
    }
}
