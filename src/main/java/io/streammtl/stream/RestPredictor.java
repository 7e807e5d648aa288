package io.streammtl.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.Prediction;
import io.streammtl.avro.TaskPrediction;
import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelKeys;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code POST /predict}: features as JSON, named as in the Avro event ({@code model}, {@code numeric},
 * {@code categorical}, {@code dense}), answered from this instance's copy of the model ({@link ModelBroadcast}) with
 * the same per-task fields as a {@code Prediction} record, the model version and its age. Bad JSON or features →
 * 400 naming the field; a model key the spec does not accept → 404.
 */
public final class RestPredictor implements Function<byte[], RestResponse> {
    private static final Set<String> FIELDS = Set.of("model", "id", "numeric", "categorical", "dense");
    private final ObjectMapper json = new ObjectMapper();
    private final ModelConfig config;
    private final KafkaConfig kafka;
    private final ModelBroadcast models;
    private final Codecs codecs;
    private final LongSupplier clock;
    private final ServingListener listener;

    public RestPredictor(ModelConfig config, KafkaConfig kafka, ModelBroadcast models, Codecs codecs,
                         LongSupplier clock) {
        this(config, kafka, models, codecs, clock, ServingListener.NONE);
    }

    /** A predictor that reports every answer to {@code listener}. */
    public RestPredictor(ModelConfig config, KafkaConfig kafka, ModelBroadcast models, Codecs codecs,
                         LongSupplier clock, ServingListener listener) {
        this.listener = listener;
        this.config = config;
        this.kafka = kafka;
        this.models = models;
        this.codecs = codecs;
        this.clock = clock;
    }

    @Override
    public RestResponse apply(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (java.io.IOException e) {
            return error(400, "body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            return error(400, "body must be a JSON object with numeric, categorical (and model)");
        }
        LabeledEvent event;
        try {
            event = event(root);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        String key = event.getModel();
        if (!kafka.modelKeys().accepts(key)) {
            return error(404, "model '" + key + "' is not served here (kafka.models / kafka.model_pattern)");
        }
        ModelBroadcast.LiveModel model = models.model(key);
        long now = clock.getAsLong();
        byte[] encoded;
        synchronized (model) {
            Example example;
            try {
                example = new EventValidator(config).toExample(event);
            } catch (InvalidEventException e) {
                return error(400, e.reason().code() + ": " + e.getMessage());
            }
            ExampleBatch batch = new ExampleBatch(1, config.inputWidth(), config.tasks().size());
            batch.add(example);
            BatchPredictions predictions = model.learner().predict(batch);
            DecodedEvent decoded = new DecodedEvent(event.getId().getBytes(StandardCharsets.UTF_8), key,
                    event.getEventTime().toEpochMilli(), example, new byte[0]);
            encoded = new PredictionEncoder(config).encode(decoded, predictions, 0, now);
        }
        Prediction prediction = codecs.predictions().decode(encoded);
        ObjectNode out = json.createObjectNode();
        out.put("model", key);
        out.put("model_version", model.version());
        if (model.createdAt() > 0) {
            out.put("model_age_ms", Math.max(0, now - model.createdAt()));
        } else {
            out.putNull("model_age_ms");
        }
        ObjectNode tasks = out.putObject("predictions");
        for (Map.Entry<String, TaskPrediction> task : prediction.getTasks().entrySet()) {
            ObjectNode t = tasks.putObject(task.getKey());
            TaskPrediction p = task.getValue();
            if (p.getValue() != null) {
                t.put("value", p.getValue());
            }
            if (p.getProbability() != null) {
                t.put("probability", p.getProbability());
            }
            if (p.getClassProbabilities() != null) {
                ObjectNode classes = t.putObject("class_probabilities");
                p.getClassProbabilities().forEach(classes::put);
            }
            if (p.getPredictedClass() != null) {
                t.put("predicted_class", p.getPredictedClass());
            }
        }
        listener.onRequest(200, model.createdAt() > 0 ? Math.max(0, now - model.createdAt()) : -1);
        return respond(200, out);
    }

    /** The request as an event; an {@link IllegalArgumentException} names the field that is wrong. */
    private LabeledEvent event(JsonNode root) {
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'; expected model, id, numeric,"
                        + " categorical, dense");
            }
        }
        String model = text(root, "model", ModelKeys.DEFAULT_KEY);
        Map<String, Double> numeric = new HashMap<>();
        JsonNode n = root.path("numeric");
        if (!n.isMissingNode() && !n.isNull()) {
            if (!n.isObject()) {
                throw new IllegalArgumentException("numeric: expected an object of feature name to number");
            }
            n.fields().forEachRemaining(f -> {
                if (!f.getValue().isNumber()) {
                    throw new IllegalArgumentException("numeric." + f.getKey() + ": expected a number, got "
                            + f.getValue());
                }
                numeric.put(f.getKey(), f.getValue().doubleValue());
            });
        }
        Map<String, String> categorical = new HashMap<>();
        JsonNode c = root.path("categorical");
        if (!c.isMissingNode() && !c.isNull()) {
            if (!c.isObject()) {
                throw new IllegalArgumentException("categorical: expected an object of feature name to string");
            }
            c.fields().forEachRemaining(f -> {
                if (!f.getValue().isTextual()) {
                    throw new IllegalArgumentException("categorical." + f.getKey() + ": expected a string, got "
                            + f.getValue());
                }
                categorical.put(f.getKey(), f.getValue().asText());
            });
        }
        List<Double> dense = null;
        JsonNode d = root.path("dense");
        if (!d.isMissingNode() && !d.isNull()) {
            if (!d.isArray()) {
                throw new IllegalArgumentException("dense: expected an array of numbers");
            }
            dense = new ArrayList<>();
            for (int i = 0; i < d.size(); i++) {
                if (!d.get(i).isNumber()) {
                    throw new IllegalArgumentException("dense[" + i + "]: expected a number, got " + d.get(i));
                }
                dense.add(d.get(i).doubleValue());
            }
        }
        return LabeledEvent.newBuilder().setId(text(root, "id", "rest")).setModel(model)
                .setEventTime(Instant.ofEpochMilli(clock.getAsLong())).setNumeric(numeric).setCategorical(categorical)
                .setDense(dense).setLabels(Map.of()).build();
    }

    private static String text(JsonNode root, String field, String fallback) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + ": expected a string, got " + node);
        }
        return node.asText();
    }

    private RestResponse error(int status, String message) {
        listener.onRequest(status, -1);
        ObjectNode out = json.createObjectNode();
        out.put("error", message);
        return respond(status, out);
    }

    private RestResponse respond(int status, ObjectNode body) {
        try {
            return new RestResponse(status, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
