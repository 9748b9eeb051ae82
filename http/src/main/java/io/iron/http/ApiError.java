package io.iron.http;

import io.helidon.http.Status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success, thrown by a handler and written by the routing's error handler as a flat
 * {@code {"error":"..."}} body (plus any extra fields, e.g. the totals of a refused handshake). Carries no stack
 * trace: it is a value, not a failure.
 */
public final class ApiError extends RuntimeException {
    private final Status status;
    private final Map<String, Object> body;
    private final String retryAfterSeconds;

    private ApiError(Status status, Map<String, Object> body, String retryAfterSeconds) {
        super(String.valueOf(body.get("error")), null, false, false);
        this.status = status;
        this.body = body;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiError of(Status status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        return new ApiError(status, body, null);
    }

    /** An error body with more fields after {@code error}, in the given order. */
    public static ApiError withFields(Status status, String message, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.putAll(extra);
        return new ApiError(status, body, null);
    }

    /** An arbitrary JSON body (the reference's refresh auth errors are nested objects). */
    public static ApiError body(Status status, Map<String, Object> body) {
        return new ApiError(status, new LinkedHashMap<>(body), null);
    }

    public static ApiError badRequest(String message) {
        return of(Status.BAD_REQUEST_400, message);
    }

    /** 503 with {@code Retry-After}: the agent's mailbox is full. */
    public static ApiError busy(String message, int retryAfterSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        return new ApiError(Status.SERVICE_UNAVAILABLE_503, body, Integer.toString(retryAfterSeconds));
    }

    public Status status() {
        return status;
    }

    public Map<String, Object> body() {
        return body;
    }

    /** Seconds for a {@code Retry-After} header, or null. */
    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
