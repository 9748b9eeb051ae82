package io.iron.engine.pricing;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Rates above the standard ones that a provider bills for some requests, in µ$ per million tokens, each taken
 * from the LiteLLM field named beside it. The reservation estimator uses the ones a request can trigger, so
 * that the reservation stays an upper bound of what the provider bills (PROTOCOL.md D8).
 *
 * @param cacheReadMicrosPerMillion             {@code cache_read_input_token_cost} (a discount everywhere today; kept so a
 *                                              price file that says otherwise is still honoured)
 * @param cacheWriteMicrosPerMillion            {@code cache_creation_input_token_cost} (Anthropic 5-minute cache write)
 * @param cacheWrite1hMicrosPerMillion          {@code cache_creation_input_token_cost_above_1hr} (1-hour cache write)
 * @param longContextInputMicrosPerMillion      max of {@code input_cost_per_token_above_200k_tokens} and
 *                                              {@code cache_read_input_token_cost_above_200k_tokens}
 * @param longContextCacheWriteMicrosPerMillion {@code cache_creation_input_token_cost_above_200k_tokens}
 * @param longContextOutputMicrosPerMillion     {@code output_cost_per_token_above_200k_tokens}
 * @param priorityInputMicrosPerMillion         max of {@code input_cost_per_token_priority} and
 *                                              {@code cache_read_input_token_cost_priority}
 * @param priorityOutputMicrosPerMillion        {@code output_cost_per_token_priority}
 * @param audioInputMicrosPerMillion            max of {@code input_cost_per_audio_token},
 *                                              {@code cache_read_input_audio_token_cost},
 *                                              {@code cache_creation_input_audio_token_cost}
 * @param audioOutputMicrosPerMillion           {@code output_cost_per_audio_token}
 */
public record SurchargeRates(
        OptionalLong cacheReadMicrosPerMillion,
        OptionalLong cacheWriteMicrosPerMillion,
        OptionalLong cacheWrite1hMicrosPerMillion,
        OptionalLong longContextInputMicrosPerMillion,
        OptionalLong longContextCacheWriteMicrosPerMillion,
        OptionalLong longContextOutputMicrosPerMillion,
        OptionalLong priorityInputMicrosPerMillion,
        OptionalLong priorityOutputMicrosPerMillion,
        OptionalLong audioInputMicrosPerMillion,
        OptionalLong audioOutputMicrosPerMillion) {

    /** No surcharges: every request is billed at the standard rates. */
    public static final SurchargeRates NONE = new SurchargeRates(
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty());

    public SurchargeRates {
        Stream.of(cacheReadMicrosPerMillion, cacheWriteMicrosPerMillion, cacheWrite1hMicrosPerMillion,
                        longContextInputMicrosPerMillion, longContextCacheWriteMicrosPerMillion,
                        longContextOutputMicrosPerMillion, priorityInputMicrosPerMillion,
                        priorityOutputMicrosPerMillion, audioInputMicrosPerMillion, audioOutputMicrosPerMillion)
                .forEach(rate -> Objects.requireNonNull(rate, "surcharge rate")
                        .ifPresent(v -> ModelPrice.requireNonNegative("surcharge rate", v)));
    }
}
