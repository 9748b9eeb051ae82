package io.iron.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpHeaders;

/** An HTTP answer as tests see it. {@code json} is null when the body is not JSON. */
public record Reply(int status, String body, JsonNode json, HttpHeaders headers) {

    public String error() {
        return json == null ? null : json.path("error").asText(null);
    }

    public long num(String field) {
        if (json == null || !json.has(field)) {
            throw new AssertionError("no field " + field + " in " + status + " " + body);
        }
        return json.get(field).asLong();
    }

    public String text(String field) {
        if (json == null || !json.has(field)) {
            throw new AssertionError("no field " + field + " in " + status + " " + body);
        }
        return json.get(field).asText();
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
