package io.streammtl.stream;

import io.streammtl.config.ExpiryPolicy;
import io.streammtl.config.KafkaConfig;
import io.streammtl.config.LabelsConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.stream.join.JoinClock;
import io.streammtl.stream.join.JoinEntry;
import io.streammtl.stream.join.JoinKey;
import io.streammtl.stream.join.JoinedExample;
import io.streammtl.stream.join.LabelState;
import io.streammtl.stream.join.ServedEvent;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins labels that come after their events to the predictions that were served, keyed by (model, event id) so the
 * join scales with partitions. Its input is two co-partitioned streams merged: served events from the trainer
 * (marked by the {@link #SERVED_HEADER} header) and label records. Each pending event waits in a changelogged store
 * until every awaited task has a label or its TTL passed ({@link JoinClock}); a secondary index by time lets a
 * wall-clock punctuation visit only what expired, so expiry never waits for input. A label that meets its event
 * becomes a {@link JoinedExample} for the model's single writer; late, orphan (no event within
 * {@code orphan_wait}), duplicate and malformed labels become dead letters with their reason. Under exactly-once the
 * store, its changelog, the joined examples and the input offsets commit together, so a label is joined once.
 */
final class LabelJoinProcessor implements Processor<byte[], byte[], byte[], OutputRecord> {
    /** Header on served records, telling them from label records in the merged input. */
    static final String SERVED_HEADER = "streammtl.served";
    /** How many expired index entries one punctuation handles at most, so a burst cannot stall the thread. */
    static final int MAX_EXPIRED_PER_TICK = 10_000;
    private static final Bytes META = Bytes.wrap(new byte[0]);

    private final KafkaConfig kafka;
    private final LabelsConfig labels;
    private final String pendingStoreName;
    private final String indexStoreName;
    private final String joinedTopic;
    private final long[] ttl;
    private final ExpiryPolicy[] policy;
    private final LabelEventReader reader;
    private final DeadLetterCounts counts;
    private final JoinListener listener;
    private ProcessorContext<byte[], OutputRecord> context;
    private KeyValueStore<Bytes, byte[]> pending;
    private KeyValueStore<Bytes, byte[]> index;
    private JoinClock clock;
    private long entries;
    private long bytes;

    LabelJoinProcessor(ServiceConfig config, Codecs codecs, DeadLetterCounts counts, JoinListener listener,
                       String pendingStoreName, String indexStoreName) {
        this.kafka = config.kafka();
        this.labels = config.labels();
        this.pendingStoreName = pendingStoreName;
        this.indexStoreName = indexStoreName;
        this.joinedTopic = labels.joinedTopic();
        List<TaskConfig> tasks = config.model().tasks();
        this.ttl = new long[tasks.size()];
        this.policy = new ExpiryPolicy[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            if (tasks.get(t).delayed()) {
                ttl[t] = tasks.get(t).labelWait().ttlMillis();
                policy[t] = tasks.get(t).labelWait().onExpiry();
            }
        }
        this.reader = new LabelEventReader(config.model(), codecs.labels());
        this.counts = counts;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<byte[], OutputRecord> processorContext) {
        this.context = processorContext;
        this.pending = processorContext.getStateStore(pendingStoreName);
        this.index = processorContext.getStateStore(indexStoreName);
        byte[] meta = pending.get(META);
        ByteBuffer m = meta == null ? ByteBuffer.allocate(24) : ByteBuffer.wrap(meta);
        this.clock = new JoinClock(m.getLong(), processorContext.currentSystemTimeMs(), labels.idleAdvanceMillis());
        this.entries = m.getLong();
        this.bytes = m.getLong();
        long every = Math.min(1000, labels.idleAdvanceMillis());
        processorContext.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::expire);
        CommitHookStore hook = processorContext.getStateStore(CommitHookStore.nameFor(pendingStoreName));
        hook.beforeCommit(this::saveMeta);
    }

    /** The clock and the entry counts, written with every commit so that a restart resumes exactly from them. */
    private void saveMeta() {
        pending.put(META, ByteBuffer.allocate(24).putLong(clock.now()).putLong(entries).putLong(bytes).array());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.headers().lastHeader(SERVED_HEADER) != null) {
            served(record);
        } else {
            label(record);
        }
    }

    private void served(Record<byte[], byte[]> record) {
        Bytes key = Bytes.wrap(record.key());
        byte[] stored = pending.get(key);
        JoinEntry orphan = stored == null ? null : decode(stored);
        if (orphan != null && orphan.kind() != JoinEntry.Kind.ORPHAN) {
            return; // the same event served twice (a producer's retry): its first prediction is the one that counts
        }
        ServedEvent event = decodeServed(record.value());
        JoinEntry entry = JoinEntry.pending(record.timestamp(), event.states(), record.value());
        if (orphan != null) {
            unindex(orphan.indexedAt(), key);
            for (JoinEntry.WaitingLabel waiting : orphan.waiting()) {
                LabelEventReader.Labels parsed = reader.read(waiting.record());
                apply(entry, event, parsed, waiting.record(), waiting.timestamp(), null);
            }
        }
        settle(key, entry, stored);
    }

    private void label(Record<byte[], byte[]> record) {
        LabelEventReader.Labels parsed;
        try {
            parsed = reader.read(record.value());
        } catch (InvalidEventException e) {
            deadLetter(record.key(), record.value(), record.headers(), e.reason(), e.getMessage(), record.timestamp());
            return;
        }
        clock.label(record.timestamp(), context.currentSystemTimeMs());
        if (parsed.id().length > kafka.maxIdBytes()) {
            deadLetter(record.key(), record.value(), record.headers(), DeadLetterReason.ID_TOO_LONG, "the event id has "
                    + parsed.id().length + " bytes; at most " + kafka.maxIdBytes() + " are accepted (kafka.max_id_bytes)",
                    record.timestamp());
            return;
        }
        if (!kafka.modelKeys().accepts(parsed.model())) {
            deadLetter(record.key(), record.value(), record.headers(), DeadLetterReason.UNKNOWN_MODEL,
                    "model key '" + parsed.model() + "' is not accepted (kafka.models / kafka.model_pattern)",
                    record.timestamp());
            return;
        }
        Bytes key = Bytes.wrap(JoinKey.of(parsed.model(), parsed.id()));
        byte[] stored = pending.get(key);
        if (stored == null) {
            JoinEntry orphan = JoinEntry.orphan(new JoinEntry.WaitingLabel(record.timestamp(), record.value()));
            orphan.indexAt(clock.now() + labels.orphanWaitMillis());
            index.put(indexKey(orphan.indexedAt(), key), new byte[0]);
            put(key, orphan, null);
            return;
        }
        JoinEntry entry = decode(stored);
        switch (entry.kind()) {
            case ORPHAN -> {
                entry.addWaiting(new JoinEntry.WaitingLabel(record.timestamp(), record.value()));
                put(key, entry, stored);
            }
            case PENDING -> {
                apply(entry, decodeServed(entry.served()), parsed, record.value(), record.timestamp(), record);
                settle(key, entry, stored);
            }
            case RESOLVED -> apply(entry, null, parsed, record.value(), record.timestamp(), record);
        }
    }

    /**
     * Joins the label's awaited tasks to the served event and sends them to the learner; dead-letters the record
     * (once, naming every task) if some of its labels are duplicates or late.
     */
    private void apply(JoinEntry entry, ServedEvent event, LabelEventReader.Labels parsed, byte[] labelRecord,
                       long timestamp, Record<byte[], byte[]> record) {
        int tasks = entry.tasks();
        boolean[] taken = new boolean[tasks];
        boolean any = false;
        List<String> duplicates = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            if (!parsed.labeled()[t]) {
                continue;
            }
            switch (entry.state(t)) {
                case AWAITING -> {
                    taken[t] = true;
                    any = true;
                    entry.setState(t, LabelState.JOINED);
                }
                case EXPIRED -> late.add(taskName(t));
                default -> duplicates.add(taskName(t));
            }
        }
        if (any) {
            float[][] served = new float[tasks][];
            for (int t = 0; t < tasks; t++) {
                served[t] = taken[t] ? event.served()[t] : new float[0];
                if (taken[t]) {
                    listener.onJoined(event.model(), t, parsed.labelTime() - event.eventTime());
                }
            }
            sendJoined(event, new JoinedExample(event.id(), event.eventTime(), parsed.labelTime(), event.version(),
                    event.featureSet(), event.inputs(), taken, parsed.values(), served, parsed.weight(), false,
                    labelRecord),
                    timestamp);
        }
        if (!duplicates.isEmpty() || !late.isEmpty()) {
            DeadLetterReason reason = duplicates.isEmpty() ? DeadLetterReason.LATE_LABEL
                    : DeadLetterReason.DUPLICATE_LABEL;
            String detail = (duplicates.isEmpty() ? "" : "tasks " + duplicates + " of event '"
                    + new String(parsed.id(), StandardCharsets.UTF_8) + "' already have a label (in the event or"
                    + " joined before); ")
                    + (late.isEmpty() ? "" : "tasks " + late + " expired before this label came (label_ttl); ")
                    + (any ? "its other labels were learned" : "nothing of it was learned");
            deadLetter(record == null ? parsed.id() : record.key(), labelRecord,
                    record == null ? null : record.headers(), reason, detail, timestamp);
        }
    }

    /** Files the entry under its next time: the earliest TTL of a waiting task, else when it is forgotten. */
    private void settle(Bytes key, JoinEntry entry, byte[] previous) {
        JoinEntry settled = entry;
        long next;
        if (entry.awaitsAny()) {
            next = Long.MAX_VALUE;
            for (int t = 0; t < entry.tasks(); t++) {
                if (entry.state(t) == LabelState.AWAITING) {
                    next = Math.min(next, entry.servedAt() + ttl[t]);
                }
            }
        } else {
            settled = entry.resolved();
            long last = entry.servedAt();
            for (int t = 0; t < entry.tasks(); t++) {
                last = Math.max(last, entry.servedAt() + ttl[t]);
            }
            next = last + labels.lateWindowMillis();
        }
        if (previous != null && settled.indexedAt() != next) {
            unindex(settled.indexedAt(), key);
        }
        if (previous == null || settled.indexedAt() != next) {
            settled.indexAt(next);
            index.put(indexKey(next, key), new byte[0]);
        }
        put(key, settled, previous);
    }

    /** Expires what the clock has passed: awaited tasks (drop or learn 0), forgotten entries, orphan labels. */
    private void expire(long wallNow) {
        clock.tick(wallNow);
        long now = clock.now();
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = index.range(indexKey(0, null), indexKey(now, null))) {
            while (it.hasNext() && due.size() < MAX_EXPIRED_PER_TICK) {
                due.add(it.next());
            }
        }
        for (KeyValue<Bytes, byte[]> item : due) {
            index.delete(item.key);
            ByteBuffer k = ByteBuffer.wrap(item.key.get());
            long time = k.getLong();
            Bytes key = Bytes.wrap(java.util.Arrays.copyOfRange(item.key.get(), Long.BYTES, item.key.get().length));
            byte[] stored = pending.get(key);
            if (stored == null) {
                continue;
            }
            JoinEntry entry = decode(stored);
            if (entry.indexedAt() != time) {
                continue;
            }
            switch (entry.kind()) {
                case PENDING -> expireTasks(key, entry, stored, now);
                case RESOLVED -> remove(key, stored);
                case ORPHAN -> {
                    for (JoinEntry.WaitingLabel label : entry.waiting()) {
                        deadLetter(JoinKey.id(key.get()), label.record(), null, DeadLetterReason.ORPHAN_LABEL,
                                "no event with this id and model was served within labels.orphan_wait ("
                                        + io.streammtl.config.Durations.format(labels.orphanWaitMillis())
                                        + "); if it was served more than labels.late_window ago, the label is late",
                                label.timestamp());
                    }
                    remove(key, stored);
                }
            }
        }
        listener.onPending(context.taskId().toString(), entries, bytes);
    }

    private void expireTasks(Bytes key, JoinEntry entry, byte[] stored, long now) {
        ServedEvent event = decodeServed(entry.served());
        boolean[] negative = new boolean[entry.tasks()];
        boolean anyNegative = false;
        for (int t = 0; t < entry.tasks(); t++) {
            if (entry.state(t) == LabelState.AWAITING && entry.servedAt() + ttl[t] <= now) {
                entry.setState(t, LabelState.EXPIRED);
                listener.onExpired(event.model(), t, policy[t]);
                if (policy[t] == ExpiryPolicy.NEGATIVE) {
                    negative[t] = true;
                    anyNegative = true;
                }
            }
        }
        if (anyNegative) {
            float[][] served = new float[entry.tasks()][];
            for (int t = 0; t < entry.tasks(); t++) {
                served[t] = negative[t] ? event.served()[t] : new float[0];
            }
            sendJoined(event, new JoinedExample(event.id(), event.eventTime(), now, event.version(),
                    event.featureSet(), event.inputs(), negative, new float[entry.tasks()], served, 1.0, true,
                    new byte[0]), now);
        }
        settle(key, entry, stored);
    }

    private void sendJoined(ServedEvent event, JoinedExample joined, long timestamp) {
        byte[] value = joined.encode();
        context.forward(new Record<>(event.model().getBytes(StandardCharsets.UTF_8),
                new OutputRecord(joinedTopic, value), timestamp), ServiceTopology.JOINED_SINK);
    }

    private void put(Bytes key, JoinEntry entry, byte[] previous) {
        byte[] value = entry.encode();
        if (previous == null) {
            entries++;
        } else {
            bytes -= previous.length;
        }
        bytes += value.length;
        pending.put(key, value);
    }

    private void remove(Bytes key, byte[] previous) {
        pending.delete(key);
        entries--;
        bytes -= previous.length;
    }

    private void unindex(long time, Bytes key) {
        index.delete(indexKey(time, key));
    }

    /** Index key: the time big-endian (so byte order is time order), then the join key. */
    private static Bytes indexKey(long time, Bytes key) {
        byte[] k = key == null ? new byte[0] : key.get();
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + k.length).putLong(Math.max(0, time)).put(k).array());
    }

    private String taskName(int t) {
        return "'" + reader.taskName(t) + "'";
    }

    private void deadLetter(byte[] key, byte[] value, org.apache.kafka.common.header.Headers headers,
                            DeadLetterReason reason, String detail, long timestamp) {
        counts.increment(reason);
        String source = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse(null);
        DeadLetterRecord letter = DeadLetterRecord.of(key, value, headers == null ? new RecordHeaders() : headers,
                reason, detail, source, kafka.maxRecordBytes());
        context.forward(letter.toRecord(kafka.deadLetterTopic(), timestamp), OutputSink.DEAD_LETTERS.sinkName());
    }

    private static JoinEntry decode(byte[] stored) {
        try {
            return JoinEntry.decode(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServedEvent decodeServed(byte[] bytes) {
        try {
            return ServedEvent.decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
