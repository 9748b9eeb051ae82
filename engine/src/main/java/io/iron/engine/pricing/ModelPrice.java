package io.iron.engine.pricing;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The price of one model, as integer microdollars (µ$) per million tokens.
 *
 * <p>Rates are per <em>million</em> tokens so that every rate in the LiteLLM table is an exact integer
 * (1.5e-7 USD/token is 150_000 µ$/M tokens); the cost of a count of tokens is then a single integer division
 * (see {@link Cost}).
 *
 * @param model                  the exact model name the table is keyed by
 * @param provider               LiteLLM's {@code litellm_provider} ("openai", "anthropic"), or "" when the file has none
 * @param inputMicrosPerMillion  standard rate for prompt tokens
 * @param outputMicrosPerMillion standard rate for completion tokens (reasoning tokens included)
 * @param maxOutputTokens        the model's output limit ({@code max_output_tokens}, else {@code max_tokens}), if known
 * @param maxInputTokens         the model's context window for the prompt ({@code max_input_tokens}), if known
 * @param surcharges             the higher rates some requests are billed at (cache writes, long context, priority, audio)
 */
public record ModelPrice(
        String model,
        String provider,
        long inputMicrosPerMillion,
        long outputMicrosPerMillion,
        OptionalLong maxOutputTokens,
        OptionalLong maxInputTokens,
        SurchargeRates surcharges) {

    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        Objects.requireNonNull(maxInputTokens, "maxInputTokens");
        Objects.requireNonNull(surcharges, "surcharges");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        requireNonNegative("inputMicrosPerMillion", inputMicrosPerMillion);
        requireNonNegative("outputMicrosPerMillion", outputMicrosPerMillion);
        maxOutputTokens.ifPresent(v -> requireNonNegative("maxOutputTokens", v));
        maxInputTokens.ifPresent(v -> requireNonNegative("maxInputTokens", v));
    }

    /** A price with standard rates only (no surcharges). */
    public ModelPrice(String model, String provider, long inputMicrosPerMillion, long outputMicrosPerMillion,
                      OptionalLong maxOutputTokens, OptionalLong maxInputTokens) {
        this(model, provider, inputMicrosPerMillion, outputMicrosPerMillion, maxOutputTokens, maxInputTokens,
                SurchargeRates.NONE);
    }

    static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
