package io.iron.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;

/**
 * Typed access to the fields of a JSON object body, with serde's strictness: a required field that is missing or
 * null, or any field of the wrong JSON type (a float or a string where an integer is expected, a number where a
 * string is expected, an integer outside i64), is a 422 whose message names the field. Range and content rules are
 * the handlers' (400). Unknown fields are ignored.
 */
public final class JsonFields {
    private static final String DESERIALIZE = "Failed to deserialize the JSON body: ";
    private final ObjectNode object;

    JsonFields(ObjectNode object) {
        this.object = object;
    }

    public String requiredString(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            throw missing(field);
        }
        if (!node.isTextual()) {
            throw wrongType(field, "a string", node);
        }
        return node.textValue();
    }

    /** A string or null (absent or JSON null). */
    public String optionalString(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(field, "a string", node);
        }
        return node.textValue();
    }

    public long requiredLong(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            throw missing(field);
        }
        return asLong(field, node);
    }

    /** An i64 or null (absent or JSON null). */
    public Long optionalLong(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return asLong(field, node);
    }

    public Boolean optionalBoolean(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw wrongType(field, "true or false", node);
        }
        return node.booleanValue();
    }

    public boolean has(String field) {
        JsonNode node = object.get(field);
        return node != null && !node.isNull();
    }

    private static long asLong(String field, JsonNode node) {
        if (!node.isIntegralNumber()) {
            throw wrongType(field, "an integer", node);
        }
        if (!node.canConvertToLong()) {
            throw ApiError.of(Status.UNPROCESSABLE_CONTENT_422, DESERIALIZE + "field `" + field
                    + "` is outside the 64-bit integer range");
        }
        return node.longValue();
    }

    private static ApiError missing(String field) {
        return ApiError.of(Status.UNPROCESSABLE_CONTENT_422, DESERIALIZE + "missing field `" + field + "`");
    }

    private static ApiError wrongType(String field, String expected, JsonNode got) {
        return ApiError.of(Status.UNPROCESSABLE_CONTENT_422, DESERIALIZE + "field `" + field + "` must be " + expected
                + ", got " + kind(got));
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a number with a fraction or exponent";
            default -> "an unsupported value";
        };
    }
}
