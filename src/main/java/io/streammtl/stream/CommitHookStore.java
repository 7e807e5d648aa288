package io.streammtl.stream;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.Map;

/**
 * A store that holds nothing and runs a callback when Kafka Streams flushes the task's caches, which it does
 * at the start of every commit, before the changelogs are flushed and the offsets and the transaction are
 * committed. The trainer uses it to write its open batch and learner state into the model store once per commit
 * instead of once per event. It is the service's one use of Kafka Streams internals: {@link CachedStateStore}, an
 * internal interface of Kafka Streams (pinned to 4.3.1); {@code KillAndRestartTest} fails if a later version stops
 * calling it.
 */
final class CommitHookStore implements StateStore, CachedStateStore<Object, Object> {
    private final String name;
    private Runnable beforeCommit = () -> { };
    private boolean open;

    CommitHookStore(String name) {
        this.name = name;
    }

    /** The hook's name for the model store {@code modelStore}. */
    static String nameFor(String modelStore) {
        return modelStore + "-commit-hook";
    }

    /** Runs {@code action} at the start of every commit of the owning task, on its stream thread. */
    void beforeCommit(Runnable action) {
        this.beforeCommit = action;
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void clearCache() {
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {
            throw new IllegalStateException("the commit hook has no changelog to restore");
        });
        open = true;
    }

    @Override
    public void close() {
        open = false;
        beforeCommit = () -> { };
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public org.apache.kafka.streams.query.Position getPosition() {
        return org.apache.kafka.streams.query.Position.emptyPosition();
    }

    /**
     * Flushes {@code store}'s record cache to its changelog now, if it has one: the trainer's writes at the start of
     * a commit must reach the changelog in that commit, whatever order Kafka Streams flushes the task's stores in.
     */
    static void flushCache(StateStore store) {
        if (store instanceof CachedStateStore<?, ?> cached) {
            cached.flushCache();
        }
    }

    /** Builds one hook per task; it is never logged or cached itself. */
    static StoreBuilder<CommitHookStore> builder(String name) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<CommitHookStore> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHookStore> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHookStore> withLoggingEnabled(Map<String, String> config) {
                throw new UnsupportedOperationException("the commit hook holds no data to log");
            }

            @Override
            public StoreBuilder<CommitHookStore> withLoggingDisabled() {
                return this;
            }

            @Override
            public CommitHookStore build() {
                return new CommitHookStore(name);
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
