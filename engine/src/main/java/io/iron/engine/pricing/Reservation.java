package io.iron.engine.pricing;

import java.util.Objects;

/**
 * The upper bound of one request's cost, reserved from a lease before the request is forwarded.
 *
 * @param model           the priced model
 * @param maxInputTokens  an upper bound of the prompt tokens the provider can bill
 * @param maxOutputTokens an upper bound of the completion tokens the provider can bill (all choices)
 * @param reserveMicros   an upper bound of the cost in µ$, at the highest rates the request can trigger
 */
public record Reservation(String model, long maxInputTokens, long maxOutputTokens, long reserveMicros) {

    public Reservation {
        Objects.requireNonNull(model, "model");
        ModelPrice.requireNonNegative("maxInputTokens", maxInputTokens);
        ModelPrice.requireNonNegative("maxOutputTokens", maxOutputTokens);
        ModelPrice.requireNonNegative("reserveMicros", reserveMicros);
    }
}
