package io.iron.engine.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.iron.engine.pricing.Requests.compactSize;
import static io.iron.engine.pricing.Requests.json;
import static io.iron.engine.pricing.ReservationEstimator.IMAGE_TOKENS;
import static io.iron.engine.pricing.ReservationEstimator.IMAGE_TOKENS_GPT_4O_MINI;
import static io.iron.engine.pricing.ReservationEstimator.PER_MESSAGE_TOKENS;
import static io.iron.engine.pricing.ReservationEstimator.PER_REQUEST_TOKENS;
import static io.iron.engine.pricing.ReservationEstimator.PROVIDER_DEFINED_TOOL_TOKENS;
import static io.iron.engine.pricing.ReservationEstimator.TOOLS_PROMPT_TOKENS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * maxInputTokens: 16 per request + 8 per message + the compact-JSON size of the body (a token is at least one
 * byte), with media payloads replaced by per-part maxima and tool overheads added.
 */
class InputBoundTest {

    private static long maxIn(Endpoint endpoint, JsonNode body) {
        return Requests.BUNDLED.estimate(endpoint, body).maxInputTokens();
    }

    private static long maxIn(JsonNode body) {
        return maxIn(Endpoint.CHAT_COMPLETIONS, body);
    }

    @Test
    void the_whole_body_is_measured_in_utf8_bytes_plus_template_tokens() {
        JsonNode body = json("""
                {"model":"gpt-4o-mini","max_tokens":5,"messages":[
                 {"role":"system","content":"Be brief."},
                 {"role":"user","content":"Hi","name":"alice"}]}""");
        assertEquals(PER_REQUEST_TOKENS + 2 * PER_MESSAGE_TOKENS + compactSize(body), maxIn(body));
    }

    @Test
    void emoji_count_four_bytes_each() {
        JsonNode body = json("{\"model\":\"gpt-4o-mini\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "😀".repeat(1_000) + "\"}]}");
        assertTrue(maxIn(body) >= 4_000);
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body), maxIn(body));
    }

    @Test
    void cjk_counts_three_bytes_per_character() {
        JsonNode body = json("{\"model\":\"gpt-4o-mini\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "漢".repeat(1_000) + "\"}]}");
        assertTrue(maxIn(body) >= 3_000);
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body), maxIn(body));
    }

    @Test
    void text_of_content_blocks_of_any_type_is_counted() {
        String text = "x".repeat(5_000);
        JsonNode body = json("""
                {"model":"claude-sonnet-4-5","max_tokens":5,"messages":[
                 {"role":"user","content":[{"type":"text","text":"%s"}]},
                 {"role":"assistant","content":[{"type":"thinking","thinking":"%s","signature":"s"}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"%s"}]}]}]}"""
                .formatted(text, text, text));
        assertTrue(maxIn(Endpoint.MESSAGES, body) >= 15_000);
        assertEquals(PER_REQUEST_TOKENS + 3 * PER_MESSAGE_TOKENS + compactSize(body), maxIn(Endpoint.MESSAGES, body));
    }

    @Test
    void anthropic_system_counts_as_a_message_as_string_or_blocks() {
        JsonNode asString = json("""
                {"model":"claude-sonnet-4-5","max_tokens":5,"system":"You are terse.","messages":[{"role":"user","content":"Hi"}]}""");
        JsonNode asBlocks = json("""
                {"model":"claude-sonnet-4-5","max_tokens":5,"system":[{"type":"text","text":"You are terse."}],
                 "messages":[{"role":"user","content":"Hi"}]}""");
        assertEquals(PER_REQUEST_TOKENS + 2 * PER_MESSAGE_TOKENS + compactSize(asString), maxIn(Endpoint.MESSAGES, asString));
        assertEquals(PER_REQUEST_TOKENS + 2 * PER_MESSAGE_TOKENS + compactSize(asBlocks), maxIn(Endpoint.MESSAGES, asBlocks));
    }

    @Test
    void tool_call_arguments_and_tool_results_are_counted() {
        String args = "{\\\"city\\\":\\\"" + "Paris".repeat(1_000) + "\\\"}";
        JsonNode body = json("""
                {"model":"gpt-4o","max_tokens":5,"messages":[
                 {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"weather","arguments":"%s"}}]},
                 {"role":"tool","tool_call_id":"c1","content":"sunny"}]}""".formatted(args));
        assertTrue(maxIn(body) >= 5_000);
        // The 4 escaped quotes of the arguments count one byte each: the provider sees the unescaped string.
        assertEquals(PER_REQUEST_TOKENS + 2 * PER_MESSAGE_TOKENS + compactSize(body) - 4, maxIn(body));
    }

    @Test
    void function_tools_add_their_json_and_the_tool_instructions() {
        JsonNode body = json("""
                {"model":"gpt-4o","max_tokens":5,"messages":[{"role":"user","content":"Weather?"}],
                 "tools":[{"type":"function","function":{"name":"weather","description":"Weather of a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
                 "tool_choice":"auto","response_format":{"type":"json_object"}}""");
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body) + TOOLS_PROMPT_TOKENS, maxIn(body));
    }

    @Test
    void legacy_functions_add_the_tool_instructions() {
        JsonNode body = json("""
                {"model":"gpt-4o","max_tokens":5,"messages":[{"role":"user","content":"Hi"}],
                 "functions":[{"name":"f","parameters":{"type":"object"}}]}""");
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body) + TOOLS_PROMPT_TOKENS, maxIn(body));
    }

    @Test
    void an_anthropic_defined_tool_adds_its_hidden_definition() {
        JsonNode body = json("""
                {"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"Click"}],
                 "tools":[{"type":"computer_20250124","name":"computer","display_width_px":1024,"display_height_px":768}]}""");
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body) + TOOLS_PROMPT_TOKENS
                + PROVIDER_DEFINED_TOOL_TOKENS, maxIn(Endpoint.MESSAGES, body));
    }

    @Test
    void an_image_counts_its_maximum_not_its_base64_bytes() {
        String data = "A".repeat(100_000);
        JsonNode body = json("""
                {"model":"gpt-4o","max_tokens":5,"messages":[{"role":"user","content":[
                 {"type":"text","text":"What is this?"},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,%s","detail":"high"}}]}]}"""
                .formatted(data));
        long urlString = "data:image/png;base64,".length() + data.length() + 2;
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body) - urlString + IMAGE_TOKENS,
                maxIn(body));
    }

    @Test
    void a_gpt4o_mini_image_counts_50000_tokens() {
        JsonNode body = json("""
                {"model":"gpt-4o-mini","max_tokens":5,"messages":[{"role":"user","content":[
                 {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}""");
        long urlString = "https://example.com/a.png".length() + 2;
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body) - urlString
                + IMAGE_TOKENS_GPT_4O_MINI, maxIn(body));
    }

    @Test
    void an_anthropic_image_block_counts_its_maximum() {
        JsonNode body = json("""
                {"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":[
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}]}""");
        long dataString = "iVBORw0KGgo=".length() + 2;
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body) - dataString + IMAGE_TOKENS,
                maxIn(Endpoint.MESSAGES, body));
    }

    @Test
    void a_pdf_document_counts_the_whole_context_window() {
        JsonNode body = json("""
                {"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":[
                 {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}}]}]}""");
        long dataString = "JVBERi0=".length() + 2;
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body) - dataString + 200_000,
                maxIn(Endpoint.MESSAGES, body));
    }

    @Test
    void an_openai_file_part_counts_the_whole_context_window() {
        JsonNode body = json("""
                {"model":"gpt-4o","max_tokens":5,"messages":[{"role":"user","content":[
                 {"type":"file","file":{"file_id":"file-abc"}}]}]}""");
        long idString = "file-abc".length() + 2;
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body) - idString + 128_000, maxIn(body));
    }

    @Test
    void a_plain_text_document_is_measured_as_text() {
        JsonNode body = json("""
                {"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":[
                 {"type":"document","source":{"type":"text","media_type":"text/plain","data":"The grass is green."}}]}]}""");
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body), maxIn(Endpoint.MESSAGES, body));
    }

    @Test
    void input_audio_is_measured_by_its_bytes() {
        JsonNode body = json("""
                {"model":"gpt-4o-audio-preview","max_tokens":5,"messages":[{"role":"user","content":[
                 {"type":"input_audio","input_audio":{"data":"%s","format":"wav"}}]}]}""".formatted("U".repeat(3_000)));
        assertEquals(PER_REQUEST_TOKENS + PER_MESSAGE_TOKENS + compactSize(body), maxIn(body));
    }

    @Test
    void an_earlier_audio_answer_referenced_by_id_counts_the_context_window_at_audio_rates() {
        JsonNode body = json("""
                {"model":"gpt-4o-audio-preview","max_tokens":5,"modalities":["text"],"messages":[
                 {"role":"user","content":"Sing"},
                 {"role":"assistant","audio":{"id":"audio_abc"}},
                 {"role":"user","content":"Again"}]}""");
        Reservation r = Requests.BUNDLED.estimate(Endpoint.CHAT_COMPLETIONS, body);
        long expectedIn = PER_REQUEST_TOKENS + 3 * PER_MESSAGE_TOKENS + compactSize(body) + 128_000;
        assertEquals(expectedIn, r.maxInputTokens());
        // audio input 1e-4 USD = 100 µ$ per token; text output 1e-5 = 10 µ$ per token.
        assertEquals(expectedIn * 100 + 5 * 10, r.reserveMicros());
    }

    @Test
    void embeddings_input_counts_its_bytes_and_token_arrays_at_least_one_per_token() {
        PriceTable table = Requests.table("""
                {"text-embedding-3-small": {"input_cost_per_token": 2e-8, "output_cost_per_token": 0}}""");
        ReservationEstimator estimator = new ReservationEstimator(table);
        JsonNode strings = json("{\"model\":\"text-embedding-3-small\",\"input\":[\"hello\",\"world\"]}");
        assertEquals(PER_REQUEST_TOKENS + compactSize(strings),
                estimator.estimate(Endpoint.EMBEDDINGS, strings).maxInputTokens());
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            ids.append(i == 0 ? "" : ",").append(i % 10);
        }
        JsonNode tokens = json("{\"model\":\"text-embedding-3-small\",\"input\":[" + ids + "]}");
        assertTrue(estimator.estimate(Endpoint.EMBEDDINGS, tokens).maxInputTokens() >= 1_000);
    }
}
