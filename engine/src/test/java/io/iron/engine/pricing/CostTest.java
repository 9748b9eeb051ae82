package io.iron.engine.pricing;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cost formula ⌊in × rate_in / 10⁶⌋ + ⌊out × rate_out / 10⁶⌋, with the reference's vectors (PROTOCOL.md §3.4). */
class CostTest {

    private static final ModelPrice GPT_4O_MINI = PriceTable.bundled().require("gpt-4o-mini");
    private static final ModelPrice GPT_5_1 = PriceTable.bundled().require("gpt-5.1");

    private static ModelPrice flat(long microsPerMillion) {
        return new ModelPrice("test-model", "", microsPerMillion, microsPerMillion, OptionalLong.empty(),
                OptionalLong.empty());
    }

    @Test
    void gpt51_1000_in_500_out_costs_6250_micros() {
        // 1000 × 1_250_000 / 10⁶ = 1250, 500 × 10_000_000 / 10⁶ = 5000: $0.00625.
        assertEquals(6_250, Cost.costMicros(GPT_5_1, 1_000, 500));
    }

    @Test
    void gpt51_1000_in_1000_out_costs_11250_micros() {
        assertEquals(11_250, Cost.costMicros(GPT_5_1, 1_000, 1_000)); // reference max_cost(1000, Some(1000)) = $0.01125
    }

    @Test
    void gpt51_fallback_output_of_128000_costs_1_28_dollars() {
        assertEquals(1_280_000, Cost.costMicros(GPT_5_1, 0, 128_000)); // reference max_cost(0, None) = $1.28
    }

    @Test
    void reference_test_model_at_1e_4_with_1000_in_and_8192_out_is_919200() {
        // 1e-4 USD/token = 100_000_000 µ$/M: 1000 × 100 + 8192 × 100.
        assertEquals(919_200, Cost.costMicros(flat(100_000_000), 1_000, 8_192));
    }

    @Test
    void reference_test_model_at_1e_6_with_1000_in_and_128000_out_is_129000() {
        assertEquals(129_000, Cost.costMicros(flat(1_000_000), 1_000, 128_000));
    }

    @Test
    void reference_test_model_at_1e_3_with_1000_in_and_100_out_is_1100000() {
        assertEquals(1_100_000, Cost.costMicros(flat(1_000_000_000), 1_000, 100));
    }

    @Test
    void gpt4o_mini_500_output_tokens_cost_300_micros() {
        assertEquals(300, Cost.costMicros(GPT_4O_MINI, 1, 500)); // 1 × 0.15 floors to 0
    }

    @Test
    void gpt4o_mini_seed_call_costs_301_and_the_reference_reserved_315() {
        assertEquals(301, Cost.costMicros(GPT_4O_MINI, 7, 500)); // 7 × 0.15 = 1.05 → 1
        assertEquals(315, Cost.costMicros(GPT_4O_MINI, 103, 500)); // reference est_in 103: 15.45 → 15
    }

    @Test
    void each_term_is_floored_separately() {
        // 4 × 0.15 = 0.6 and 1 × 0.6 = 0.6: the sum would be 1.2, but each term floors to 0.
        assertEquals(0, Cost.costMicros(GPT_4O_MINI, 4, 1));
    }

    @Test
    void products_beyond_long_are_computed_exactly() {
        // (2⁶³−1) × 150_000 / 10⁶ = 1_383_505_805_528_216_371.05 and × 600_000 / 10⁶ = 5_534_023_222_112_865_484.2
        assertEquals(1_383_505_805_528_216_371L, Cost.costMicros(GPT_4O_MINI, Long.MAX_VALUE, 0));
        assertEquals(6_917_529_027_641_081_855L, Cost.costMicros(GPT_4O_MINI, Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test
    void a_cost_beyond_long_is_refused() {
        // (2⁶³−1) × 10_000_000 / 10⁶ ≈ 9.2e19 µ$.
        assertThrows(ArithmeticException.class, () -> Cost.costMicros(GPT_5_1, 0, Long.MAX_VALUE));
    }

    @Test
    void negative_input_tokens_are_refused_by_name() {
        var e = assertThrows(IllegalArgumentException.class, () -> Cost.costMicros(GPT_4O_MINI, -1, 0));
        assertTrue(e.getMessage().contains("inputTokens"), e.getMessage());
    }

    @Test
    void negative_output_tokens_are_refused_by_name() {
        var e = assertThrows(IllegalArgumentException.class, () -> Cost.costMicros(GPT_4O_MINI, 0, -5));
        assertTrue(e.getMessage().contains("outputTokens"), e.getMessage());
    }
}
