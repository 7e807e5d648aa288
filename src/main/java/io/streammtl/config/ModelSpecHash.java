package io.streammtl.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model's identity for snapshot provenance: SHA-256 over a canonical JSON rendering of the model spec alone
 * (record components by name, map entries by key), so service settings such as topics or the metrics port never
 * change it.
 */
public final class ModelSpecHash {
    private ModelSpecHash() {
    }

    /** Hex SHA-256 of {@link #canonical(ModelConfig)}. */
    public static String of(ModelConfig model) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(model).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The spec as compact JSON with sorted keys: equal specs render to equal text whatever the map order. */
    public static String canonical(ModelConfig model) {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
        try {
            return mapper.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the model spec holds only plain values", e);
        }
    }
}
