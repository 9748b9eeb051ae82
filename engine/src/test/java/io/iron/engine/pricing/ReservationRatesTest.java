package io.iron.engine.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.iron.engine.pricing.Requests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reservation is priced at the highest rate the request can trigger. The test model's rates are whole µ$ per
 * token (4e-6 USD = 4 µ$), so {@code reserve = maxIn × inRate + maxOut × outRate} with no rounding.
 */
class ReservationRatesTest {

    private static final ReservationEstimator ESTIMATOR = new ReservationEstimator(Requests.table("""
            {"surcharged": {
              "input_cost_per_token": 4e-6, "output_cost_per_token": 10e-6,
              "cache_read_input_token_cost": 1e-6,
              "cache_creation_input_token_cost": 5e-6, "cache_creation_input_token_cost_above_1hr": 8e-6,
              "input_cost_per_token_above_200k_tokens": 8e-6,
              "cache_creation_input_token_cost_above_200k_tokens": 10e-6,
              "output_cost_per_token_above_200k_tokens": 15e-6,
              "input_cost_per_token_priority": 7e-6, "output_cost_per_token_priority": 17e-6,
              "input_cost_per_audio_token": 40e-6, "output_cost_per_audio_token": 80e-6,
              "max_output_tokens": 1000, "max_input_tokens": 300000}}"""));

    private static void assertRates(long inMicrosPerToken, long outMicrosPerToken, String body) {
        Reservation r = ESTIMATOR.estimate(Endpoint.MESSAGES, json(body));
        assertEquals(r.maxInputTokens() * inMicrosPerToken + r.maxOutputTokens() * outMicrosPerToken,
                r.reserveMicros());
    }

    private static String withContent(String content, String extra) {
        return "{\"model\":\"surcharged\",\"max_tokens\":100" + extra
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    @Test
    void a_plain_request_reserves_at_the_standard_rates() {
        assertRates(4, 10, withContent("Hi", ""));
    }

    @Test
    void cache_control_reserves_input_at_the_cache_write_rate() {
        assertRates(5, 10, """
                {"model":"surcharged","max_tokens":100,
                 "system":[{"type":"text","text":"Long rules","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"Hi"}]}""");
    }

    @Test
    void a_one_hour_cache_reserves_input_at_the_one_hour_write_rate() {
        assertRates(8, 10, """
                {"model":"surcharged","max_tokens":100,
                 "system":[{"type":"text","text":"Long rules","cache_control":{"type":"ephemeral","ttl":"1h"}}],
                 "messages":[{"role":"user","content":"Hi"}]}""");
    }

    @Test
    void priority_tier_reserves_at_the_priority_rates() {
        assertRates(7, 17, withContent("Hi", ",\"service_tier\":\"priority\""));
    }

    @Test
    void input_audio_reserves_input_at_the_audio_rate() {
        assertRates(40, 10, """
                {"model":"surcharged","max_tokens":100,"messages":[{"role":"user","content":[
                 {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}]}]}""");
    }

    @Test
    void audio_output_reserves_output_at_the_audio_rate() {
        assertRates(4, 80, withContent("Hi", ",\"modalities\":[\"text\",\"audio\"],\"audio\":{\"voice\":\"alloy\"}"));
    }

    @Test
    void above_200k_input_tokens_the_long_context_rates_apply() {
        assertRates(8, 15, withContent("x".repeat(250_000), ""));
    }

    @Test
    void long_context_scales_a_one_hour_cache_write_by_the_same_premium() {
        // 8 × (8 / 4) = 16 µ$ per token: the long-context premium applies to every input rate.
        assertRates(16, 15, """
                {"model":"surcharged","max_tokens":100,
                 "system":[{"type":"text","text":"%s","cache_control":{"type":"ephemeral","ttl":"1h"}}],
                 "messages":[{"role":"user","content":"Hi"}]}""".formatted("x".repeat(250_000)));
    }

    @Test
    void exactly_200k_input_tokens_is_still_standard_and_one_more_is_long_context() {
        long base = ESTIMATOR.estimate(Endpoint.MESSAGES, json(withContent("", ""))).maxInputTokens();
        int fill = (int) (200_000 - base);
        Reservation atThreshold = ESTIMATOR.estimate(Endpoint.MESSAGES, json(withContent("x".repeat(fill), "")));
        assertEquals(200_000, atThreshold.maxInputTokens());
        assertEquals(200_000 * 4 + 100 * 10, atThreshold.reserveMicros());
        Reservation above = ESTIMATOR.estimate(Endpoint.MESSAGES, json(withContent("x".repeat(fill + 1), "")));
        assertEquals(200_001 * 8 + 100 * 15, above.reserveMicros());
    }

    @Test
    void gpt4o_mini_priority_seed_request_reserves_536_micros() {
        JsonNode body = json("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Write about AI."}],"max_tokens":500,\
                "service_tier":"priority"}""");
        Reservation r = Requests.BUNDLED.estimate(Endpoint.CHAT_COMPLETIONS, body);
        // 16 + 8 + 123 bytes = 147 tokens × 0.25 µ$ = 36.75 → 36; 500 × 1.0 µ$ = 500.
        assertEquals(147, r.maxInputTokens());
        assertEquals(536, r.reserveMicros());
    }
}
