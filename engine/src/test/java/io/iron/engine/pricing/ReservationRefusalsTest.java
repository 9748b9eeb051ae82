package io.iron.engine.pricing;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static io.iron.engine.pricing.Requests.chat;
import static io.iron.engine.pricing.Requests.json;
import static io.iron.engine.pricing.Requests.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests that get no reservation, each refused with a message naming the model or field at fault. */
class ReservationRefusalsTest {

    @Test
    void a_model_with_no_price_is_refused_by_name() {
        var e = assertThrows(UnknownModelException.class, () -> chat("""
                {"model":"foo-bar","messages":[{"role":"user","content":"Hi"}],"max_tokens":5}"""));
        assertEquals("Model 'foo-bar' has no price: add it to a price file (--prices) or use a priced model",
                e.getMessage());
    }

    @Test
    void a_request_without_model_is_refused_naming_the_field() {
        var e = assertThrows(InvalidRequestException.class, () -> chat("""
                {"messages":[{"role":"user","content":"Hi"}],"max_tokens":5}"""));
        assertEquals("model", e.field());
        assertTrue(e.getMessage().startsWith("Field 'model' is required"), e.getMessage());
    }

    @Test
    void a_model_that_is_not_a_string_is_refused_naming_the_field() {
        var e = assertThrows(InvalidRequestException.class, () -> chat("{\"model\":42,\"max_tokens\":5}"));
        assertEquals("model", e.field());
    }

    @Test
    void a_body_that_is_not_an_object_is_refused() {
        var e = assertThrows(InvalidRequestException.class,
                () -> Requests.BUNDLED.estimate(Endpoint.CHAT_COMPLETIONS, json("[1,2]")));
        assertEquals("body", e.field());
    }

    @Test
    void a_provider_side_tool_is_refused_naming_the_tool() {
        var e = assertThrows(InvalidRequestException.class, () -> messages("""
                {"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"News?"}],
                 "tools":[{"name":"f","input_schema":{"type":"object"}},
                          {"type":"web_search_20250305","name":"web_search","max_uses":5}]}"""));
        assertEquals("tools[1].type", e.field());
        assertTrue(e.getMessage().contains("web_search_20250305"), e.getMessage());
    }

    @Test
    void openai_web_search_options_are_refused() {
        var e = assertThrows(InvalidRequestException.class, () -> chat("""
                {"model":"gpt-4o-search-preview","max_tokens":5,"messages":[{"role":"user","content":"News?"}],
                 "web_search_options":{}}"""));
        assertEquals("web_search_options", e.field());
    }

    @Test
    void anthropic_mcp_servers_are_refused() {
        var e = assertThrows(InvalidRequestException.class, () -> messages("""
                {"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"Hi"}],
                 "mcp_servers":[{"type":"url","url":"https://mcp.example.com","name":"x"}]}"""));
        assertEquals("mcp_servers", e.field());
    }

    @Test
    void a_tool_type_that_is_not_a_string_is_refused() {
        var e = assertThrows(InvalidRequestException.class, () -> chat("""
                {"model":"gpt-4o","max_tokens":5,"messages":[],"tools":[{"type":7}]}"""));
        assertEquals("tools[0].type", e.field());
    }

    @Test
    void with_an_explicit_price_the_body_model_is_not_looked_up() {
        ModelPrice price = new ModelPrice("alias", "openai", 1_000_000, 2_000_000, OptionalLong.of(10),
                OptionalLong.empty());
        Reservation r = ReservationEstimator.estimate(Endpoint.CHAT_COMPLETIONS,
                json("{\"model\":\"not-in-any-table\",\"messages\":[]}"), price);
        assertEquals("alias", r.model());
        assertEquals(10, r.maxOutputTokens());
    }
}
