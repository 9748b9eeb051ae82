package io.iron.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.iron.proxy.Bodies;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a JSON request body the way the reference's axum {@code Json<T>} extractor answers, but always with a JSON
 * error body: wrong or missing {@code Content-Type} → 415; a body over the route's limit → 413 (decided from
 * {@code Content-Length} before reading, or while reading a chunked body); empty body or a JSON syntax error → 400;
 * a document that is not an object → 422. Field types are checked by {@link JsonFields} (422 naming the field).
 */
public final class JsonRequest {
    /** Limit of the budget endpoints' bodies: their largest legal body is a 2000-byte token plus a few fields. */
    public static final int BUDGET_BODY_LIMIT_BYTES = 64 * 1024;
    private static final String DESERIALIZE = "Failed to deserialize the JSON body: ";
    private static final int MAX_DETAIL_CHARS = 160;

    private JsonRequest() {
    }

    /** Reads and parses the body of {@code req} into the fields of a JSON object. */
    public static JsonFields read(ServerRequest req, int limitBytes) {
        requireJsonContentType(req);
        byte[] body = readBody(req, limitBytes);
        if (body.length == 0) {
            throw ApiError.badRequest("Failed to parse the request body as JSON: the body is empty");
        }
        JsonNode node;
        try {
            node = JsonCodec.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("Failed to parse the request body as JSON: " + clip(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw ApiError.badRequest("Failed to parse the request body as JSON");
        }
        if (node == null || node.isMissingNode()) {
            throw ApiError.badRequest("Failed to parse the request body as JSON: the body is empty");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.of(Status.UNPROCESSABLE_CONTENT_422, DESERIALIZE + "expected a JSON object, got "
                    + JsonFields.kind(node));
        }
        return new JsonFields(object);
    }

    /** Reads a body that may be absent (admin calls with optional bodies): empty fields when there is none. */
    public static JsonFields readOptional(ServerRequest req, int limitBytes) {
        Optional<String> length = req.headers().first(HeaderNames.CONTENT_LENGTH);
        boolean empty = !req.content().hasEntity() || length.map(l -> l.strip().equals("0")).orElse(false);
        if (empty) {
            return new JsonFields(JsonCodec.MAPPER.createObjectNode());
        }
        return read(req, limitBytes);
    }

    private static void requireJsonContentType(ServerRequest req) {
        Optional<HttpMediaType> type = req.headers().contentType();
        boolean json = type.map(t -> {
            String main = t.mediaType().type();
            String sub = t.mediaType().subtype();
            return "application".equalsIgnoreCase(main) && ("json".equalsIgnoreCase(sub) || sub.toLowerCase().endsWith("+json"));
        }).orElse(false);
        if (!json) {
            throw ApiError.of(Status.UNSUPPORTED_MEDIA_TYPE_415,
                    "Expected request with `Content-Type: application/json`");
        }
    }

    private static byte[] readBody(ServerRequest req, int limitBytes) {
        Optional<String> declared = req.headers().first(HeaderNames.CONTENT_LENGTH);
        OptionalLong length = OptionalLong.empty();
        if (declared.isPresent()) {
            long n;
            try {
                n = Long.parseLong(declared.get().strip());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Content-Length is not a number");
            }
            if (n > limitBytes) {
                throw tooLarge(limitBytes);
            }
            length = OptionalLong.of(n);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = Bodies.readBounded(in, length, limitBytes);
            if (body.length > limitBytes) {
                throw tooLarge(limitBytes);
            }
            return body;
        } catch (IOException e) {
            throw ApiError.badRequest("Failed to read the request body");
        }
    }

    private static ApiError tooLarge(int limitBytes) {
        return ApiError.of(Status.REQUEST_ENTITY_TOO_LARGE_413,
                "Request body too large (max " + limitBytes + " bytes)");
    }

    private static String clip(String s) {
        if (s == null) {
            return "syntax error";
        }
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_DETAIL_CHARS ? oneLine : oneLine.substring(0, MAX_DETAIL_CHARS) + "...";
    }
}
