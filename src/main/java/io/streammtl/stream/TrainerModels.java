package io.streammtl.stream;

import io.streammtl.config.AutoSelection;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.model.ModelBackend;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The models one trainer task owns, restored from its changelogged store when the task starts and written back to it
 * at each commit: each model's learner, open batch and metrics, and which keys the task admitted.
 */
final class TrainerModels {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainerModels.class);
    /**
     * How often the prequential metrics go to the store: they are tens of KB (a binary task's score histogram), so
     * not on every 100 ms commit; after a restart the dashboards resume from at most this long ago.
     */
    static final long METRICS_SAVE_MILLIS = 5_000;
    private final ModelConfig config;
    /** Champion and challengers of every model, or null. */
    private final AutoSelection auto;
    private final IntFunction<ModelBackend> backends;
    private final StepListener listener;
    private final ModelAdmission admission;
    /** Whether served quality is kept (delayed labels). */
    private final boolean servedQuality;
    /** Whether the events of joined examples passed through these models (see {@link OwnedModel}). */
    private final boolean joinedInputsSeen;
    private final Map<String, OwnedModel> models = new HashMap<>();
    private ModelStateStore store;
    private KeyValueStore<String, byte[]> storeHandle;

    TrainerModels(ModelConfig config, AutoSelection auto, IntFunction<ModelBackend> backends, StepListener listener,
                  ModelAdmission admission, boolean servedQuality, boolean joinedInputsSeen) {
        this.config = config;
        this.auto = auto;
        this.backends = backends;
        this.listener = listener;
        this.admission = admission;
        this.servedQuality = servedQuality;
        this.joinedInputsSeen = joinedInputsSeen;
    }

    /**
     * Forgets every model and admitted key, then restores those in {@code kv}: Kafka Streams re-initialises the same
     * processor when it revives a corrupted task (e.g. after a transaction timed out), and only the store, just
     * restored from the changelog, may be trusted then. {@code decode} turns a stored raw event back into an event;
     * {@code resetModel} starts afresh a model whose stored state cannot be restored.
     */
    void restoreAll(KeyValueStore<String, byte[]> kv, Function<byte[], DecodedEvent> decode, boolean resetModel) {
        models.clear();
        admission.clear();
        this.store = new ModelStateStore(kv);
        this.storeHandle = kv;
        for (Map.Entry<String, ModelStateStore.Stored> entry : store.readAll().entrySet()) {
            restore(entry.getKey(), entry.getValue(), decode, resetModel);
        }
    }

    /** Forgets every model (the task closes). */
    void clear() {
        models.clear();
    }

    Collection<OwnedModel> all() {
        return models.values();
    }

    /** The model of {@code model}, created from the spec's seed when the task holds none yet. */
    OwnedModel own(String model) {
        return models.computeIfAbsent(model, m -> new OwnedModel(m, config, auto, backends, joinedInputsSeen));
    }

    private void restore(String model, ModelStateStore.Stored stored, Function<byte[], DecodedEvent> decode,
                         boolean resetModel) {
        OwnedModel owned = own(model);
        admission.restore(model);
        boolean kept = stored.state() == null || restoreState(owned, stored.state(), resetModel);
        if (!kept) {
            owned = startAfresh(model);
        }
        if (kept && stored.servedMetrics() != null) {
            try {
                owned.served().restore(stored.servedMetrics());
            } catch (IllegalArgumentException e) {
                LOG.warn("model {}: served quality starts empty, the stored one does not fit this spec: {}",
                        model, e.getMessage());
            }
        }
        if (kept && stored.metrics() != null && owned.storesMetricsApart()) {
            try {
                owned.learner().restoreMetrics(stored.metrics());
            } catch (IllegalArgumentException e) {
                LOG.warn("model {}: prequential metrics start empty, the stored ones do not fit this spec: {}",
                        model, e.getMessage());
            }
        }
        owned.restoreBatches(stored.batches());
        for (ModelStateStore.PendingEntry pending : stored.openBatch()) {
            owned.add(pending.joined() ? DelayedLabelRows.joinedRow(model, pending.event(), pending.timestamp())
                    : new PendingRow(decode.apply(pending.event()), pending.timestamp(), pending.emitted()));
        }
        listener.onRestore(model, owned.reporter().restored(owned.learner()));
        if (owned.auto() != null) {
            listener.onSelection(model, owned.selectionReport(List.of()));
        }
    }

    /**
     * Restores the stored model, carried over if the spec changed; false when it cannot be and {@code serve
     * --reset-model} asked to start afresh. Without that flag a state that cannot be restored fails the start with
     * the learner's message, which names what changed and how to start fresh.
     */
    private static boolean restoreState(OwnedModel owned, byte[] state, boolean resetModel) {
        try {
            owned.restoreState(state);
        } catch (IllegalArgumentException e) {
            if (!resetModel) {
                throw new StoredModelRefused(owned.model(), e);
            }
            LOG.warn("model {}: --reset-model: DISCARDING the stored model ({} bytes) and starting afresh: {}",
                    owned.model(), state.length, e.getMessage());
            return false;
        }
        if (owned.auto() != null) {
            return true;
        }
        if (owned.learner().carriedOver() != null) {
            LOG.warn("model {}: the spec changed; carried the stored model over: {}", owned.model(),
                    owned.learner().carriedOver());
        }
        if (!OnlineLearner.keepsDriftDetectors(state)) {
            LOG.warn("model {}: restored from an older state format; its drift detectors start afresh", owned.model());
        }
        return true;
    }

    /**
     * A fresh model in place of a half-restored one, stored at the next commit in place of the refused state; the
     * stored metrics belong to the discarded model.
     */
    private OwnedModel startAfresh(String model) {
        models.remove(model);
        OwnedModel fresh = own(model);
        fresh.markStateChanged();
        return fresh;
    }

    /**
     * Writes every changed model and open batch into the store and flushes the store's cache to its changelog,
     * at the start of a commit at {@code now}: the flush is explicit because Kafka Streams flushes the task's stores
     * in an order of its own, and this store's cache may come before the hook.
     */
    void persist(long now) {
        boolean wrote = false;
        for (OwnedModel owned : models.values()) {
            if (owned.takeStateChange()) {
                store.putState(owned.model(), owned.state(), owned.batches());
                if ((owned.storesMetricsApart() || servedQuality)
                        && now - owned.metricsSavedAt() >= METRICS_SAVE_MILLIS) {
                    if (owned.storesMetricsApart()) {
                        store.putMetrics(owned.model(), owned.learner().metricsState());
                    }
                    if (servedQuality) {
                        // Kept apart from the champion/challenger state too: it scores what was served, not a variant.
                        store.putServedMetrics(owned.model(), owned.served().state());
                    }
                    owned.metricsSaved(now);
                }
                wrote = true;
            }
            long trained = owned.takeTrainedSinceCommit();
            if (trained > 0) {
                listener.onCommitting(owned.model(), trained);
            }
            if (owned.takePendingChange()) {
                List<PendingRow> rows = owned.pending();
                for (int r = 0; r < rows.size(); r++) {
                    store.putPendingEntry(owned.model(), r, owned.batches(), rows.get(r));
                }
                wrote = true;
            }
        }
        if (wrote) {
            CommitHookStore.flushCache(storeHandle);
        }
    }
}
