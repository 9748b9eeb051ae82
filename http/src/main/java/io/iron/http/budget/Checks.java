package io.iron.http.budget;

import io.iron.http.ApiError;

import java.nio.charset.StandardCharsets;

/**
 * The reference's field rules and their exact messages (PROTOCOL part 2 §1.1): "empty" means blank after stripping
 * Unicode whitespace; lengths are UTF-8 bytes although the message says characters.
 */
final class Checks {
    static final int IC_TOKEN_MAX = 2000;
    static final int PROVIDER_MAX = 50;
    static final int ID_MAX = 100;
    static final int MODEL_MAX = 100;
    static final long HANDSHAKE_DEFAULT_MICROS = 10_000_000;
    static final long HANDSHAKE_MAX_MICROS = 100_000_000;
    static final long REFRESH_DEFAULT_MICROS = 10_000_000;
    static final long REFRESH_MAX_MICROS = 1_000_000_000;

    private Checks() {
    }

    static void text(String field, String value, int maxBytes) {
        if (value.strip().isEmpty()) {
            throw ApiError.badRequest(field + " cannot be empty");
        }
        if (value.length() > maxBytes || value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw ApiError.badRequest(field + " too long (max " + maxBytes + " characters)");
        }
    }
}
