package io.iron.engine.pricing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Request bodies and estimates for the reservation tests. */
final class Requests {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ReservationEstimator BUNDLED = new ReservationEstimator(PriceTable.bundled());

    private Requests() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Bytes of the body as compact JSON, which is what the input bound measures. */
    static long compactSize(JsonNode body) {
        try {
            return MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Reservation chat(String body) {
        return BUNDLED.estimate(Endpoint.CHAT_COMPLETIONS, json(body));
    }

    static Reservation messages(String body) {
        return BUNDLED.estimate(Endpoint.MESSAGES, json(body));
    }

    static PriceTable table(String priceFileJson) {
        return PriceTable.parse(new ByteArrayInputStream(priceFileJson.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
