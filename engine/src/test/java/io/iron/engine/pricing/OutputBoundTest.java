package io.iron.engine.pricing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.iron.engine.pricing.Requests.chat;
import static io.iron.engine.pricing.Requests.json;
import static io.iron.engine.pricing.Requests.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** maxOutputTokens: the request's limit, else the model's, else 128_000; never capped; times n. */
class OutputBoundTest {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

    private static long maxOut(String fields) {
        return chat("{\"model\":\"gpt-4o-mini\"," + MESSAGES + fields + "}").maxOutputTokens();
    }

    @Test
    void max_tokens_bounds_the_output() {
        assertEquals(500, maxOut(",\"max_tokens\":500"));
    }

    @Test
    void max_completion_tokens_bounds_the_output() {
        assertEquals(700, maxOut(",\"max_completion_tokens\":700"));
    }

    @Test
    void when_both_are_set_the_larger_counts() {
        assertEquals(700, maxOut(",\"max_tokens\":500,\"max_completion_tokens\":700"));
        assertEquals(900, maxOut(",\"max_tokens\":900,\"max_completion_tokens\":700"));
    }

    @Test
    void without_a_request_limit_the_model_maximum_counts() {
        assertEquals(16_384, maxOut("")); // gpt-4o-mini max_output_tokens
        assertEquals(16_384, maxOut(",\"max_tokens\":null"));
    }

    @Test
    void without_any_limit_128000_counts() {
        PriceTable table = Requests.table("""
                {"no-limit": {"input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6}}""");
        Reservation r = new ReservationEstimator(table).estimate(Endpoint.CHAT_COMPLETIONS,
                json("{\"model\":\"no-limit\"," + MESSAGES + "}"));
        assertEquals(128_000, r.maxOutputTokens());
    }

    @Test
    void a_request_limit_above_the_model_maximum_is_not_capped() {
        assertEquals(100_000, maxOut(",\"max_tokens\":100000")); // gpt-4o-mini says 16_384
    }

    @Test
    void n_choices_multiply_the_output() {
        assertEquals(1_500, maxOut(",\"max_tokens\":500,\"n\":3"));
    }

    @Test
    void anthropic_thinking_budget_counts_if_it_is_larger() {
        Reservation r = messages("""
                {"model":"claude-sonnet-4-5","max_tokens":1000,"thinking":{"type":"enabled","budget_tokens":2000},
                 "messages":[{"role":"user","content":"Hi"}]}""");
        assertEquals(2_000, r.maxOutputTokens());
    }

    @Test
    void a_prediction_adds_its_size_to_the_output() {
        // {"type":"content","content":"abc"} is 34 bytes: rejected predicted tokens are billed as output.
        assertEquals(10 + 34, maxOut(",\"max_tokens\":10,\"prediction\":{\"type\":\"content\",\"content\":\"abc\"}"));
    }

    @Test
    void an_integral_float_is_accepted() {
        assertEquals(500, maxOut(",\"max_tokens\":500.0"));
    }

    @Test
    void embeddings_have_no_output() {
        PriceTable table = Requests.table("""
                {"text-embedding-3-small": {"input_cost_per_token": 2e-8, "output_cost_per_token": 0}}""");
        Reservation r = new ReservationEstimator(table).estimate(Endpoint.EMBEDDINGS,
                json("{\"model\":\"text-embedding-3-small\",\"input\":\"hello\",\"max_tokens\":500}"));
        assertEquals(0, r.maxOutputTokens());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"500\"", "-1", "1.5", "true", "{}", "[500]"})
    void a_max_tokens_that_is_not_a_non_negative_integer_is_refused_by_name(String value) {
        var e = assertThrows(InvalidRequestException.class, () -> maxOut(",\"max_tokens\":" + value));
        assertEquals("max_tokens", e.field());
        assertTrue(e.getMessage().startsWith("Field 'max_tokens' must be a non-negative integer"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"100000001", "1e30", "99999999999999999999999"})
    void an_absurd_max_tokens_is_refused_by_name(String value) {
        var e = assertThrows(InvalidRequestException.class, () -> maxOut(",\"max_tokens\":" + value));
        assertEquals("max_tokens", e.field());
        assertTrue(e.getMessage().contains("above the limit of 100000000 tokens"), e.getMessage());
    }

    @Test
    void a_bad_max_completion_tokens_is_refused_by_name() {
        var e = assertThrows(InvalidRequestException.class, () -> maxOut(",\"max_completion_tokens\":\"lots\""));
        assertEquals("max_completion_tokens", e.field());
    }

    @Test
    void a_bad_thinking_budget_is_refused_by_name() {
        var e = assertThrows(InvalidRequestException.class, () -> messages("""
                {"model":"claude-sonnet-4-5","max_tokens":1000,"thinking":{"type":"enabled","budget_tokens":-5},
                 "messages":[]}"""));
        assertEquals("thinking.budget_tokens", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "129", "\"2\"", "1.5"})
    void a_bad_n_is_refused_by_name(String value) {
        var e = assertThrows(InvalidRequestException.class, () -> maxOut(",\"max_tokens\":5,\"n\":" + value));
        assertEquals("n", e.field());
    }
}
