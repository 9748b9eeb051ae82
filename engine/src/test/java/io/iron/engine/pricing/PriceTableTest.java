package io.iron.engine.pricing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriceTableTest {

    @TempDir
    Path dir;

    private static PriceTable parse(String json) {
        return PriceTable.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    private Path file(String json) throws IOException {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, json);
        return file;
    }

    private PriceFileException loadFails(String json) throws IOException {
        return assertThrows(PriceFileException.class, () -> PriceTable.load(file(json)));
    }

    @Test
    void bundled_table_has_126_priced_models_of_its_127_entries() {
        assertEquals(126, PriceTable.bundled().size());
        assertTrue(PriceTable.bundled().find("openai/container").isEmpty(), "no token price: dropped");
    }

    @Test
    void gpt4o_mini_costs_150000_in_and_600000_out_per_million_tokens() {
        ModelPrice price = PriceTable.bundled().require("gpt-4o-mini");
        assertEquals(150_000, price.inputMicrosPerMillion());
        assertEquals(600_000, price.outputMicrosPerMillion());
        assertEquals("openai", price.provider());
        assertEquals(OptionalLong.of(16_384), price.maxOutputTokens());
        assertEquals(OptionalLong.of(128_000), price.maxInputTokens());
    }

    @Test
    void claude_sonnet_45_carries_its_surcharge_rates() {
        SurchargeRates s = PriceTable.bundled().require("claude-sonnet-4-5").surcharges();
        assertEquals(OptionalLong.of(3_750_000), s.cacheWriteMicrosPerMillion());
        assertEquals(OptionalLong.of(6_000_000), s.longContextInputMicrosPerMillion());
        assertEquals(OptionalLong.of(7_500_000), s.longContextCacheWriteMicrosPerMillion());
        assertEquals(OptionalLong.of(22_500_000), s.longContextOutputMicrosPerMillion());
        assertEquals(OptionalLong.of(300_000), s.cacheReadMicrosPerMillion());
    }

    @Test
    void lookup_is_an_exact_match() {
        assertTrue(PriceTable.bundled().find("gpt-4o-mini").isPresent());
        assertTrue(PriceTable.bundled().find("GPT-4o-mini").isEmpty());
        assertTrue(PriceTable.bundled().find("gpt-4o-mini ").isEmpty());
    }

    @Test
    void an_unknown_model_is_refused_with_a_message_naming_it() {
        var e = assertThrows(UnknownModelException.class, () -> PriceTable.bundled().require("foo-bar"));
        assertEquals("Model 'foo-bar' has no price: add it to a price file (--prices) or use a priced model",
                e.getMessage());
        assertEquals("foo-bar", e.model());
    }

    @Test
    void usd_per_token_is_converted_exactly_with_half_up_rounding() {
        // Exactly 1_000_002.5 and 0.5, rounded half up (the nearest doubles are just below the half).
        ModelPrice price = parse("""
                {"exact": {"input_cost_per_token": 1.0000025e-6, "output_cost_per_token": 5e-13}}""")
                .require("exact");
        assertEquals(1_000_003, price.inputMicrosPerMillion());
        assertEquals(1, price.outputMicrosPerMillion());
    }

    @Test
    void usd_per_token_is_read_from_the_json_text_not_from_the_nearest_double() {
        // Exactly 1_000_002.4999999999999999 → 1_000_002; the nearest double prints as 1.0000025e-6 → 1_000_003.
        ModelPrice price = parse("""
                {"long": {"input_cost_per_token": 1.0000024999999999999999e-6}}""").require("long");
        assertEquals(1_000_002, price.inputMicrosPerMillion());
    }

    @Test
    void integer_costs_are_accepted() {
        ModelPrice price = parse("""
                {"m": {"input_cost_per_token": 0, "output_cost_per_token": 1}}""").require("m");
        assertEquals(0, price.inputMicrosPerMillion());
        assertEquals(1_000_000_000_000L, price.outputMicrosPerMillion());
    }

    @Test
    void entries_with_zero_input_and_zero_output_cost_are_dropped() {
        PriceTable table = parse("""
                {"free": {"input_cost_per_token": 0, "output_cost_per_token": 0.0},
                 "no-token-price": {"code_interpreter_cost_per_session": 0.03},
                 "priced": {"input_cost_per_token": 1e-6}}""");
        assertEquals(1, table.size());
        assertTrue(table.find("priced").isPresent());
    }

    @Test
    void sample_spec_is_dropped_even_with_prices() {
        PriceTable table = parse("""
                {"sample_spec": {"input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6}}""");
        assertEquals(0, table.size());
    }

    @Test
    void max_output_falls_back_to_max_tokens_and_may_be_absent() {
        PriceTable table = parse("""
                {"a": {"input_cost_per_token": 1e-6, "max_tokens": 4096, "max_output_tokens": 2048},
                 "b": {"input_cost_per_token": 1e-6, "max_tokens": 4096},
                 "c": {"input_cost_per_token": 1e-6, "max_tokens": null}}""");
        assertEquals(OptionalLong.of(2_048), table.require("a").maxOutputTokens());
        assertEquals(OptionalLong.of(4_096), table.require("b").maxOutputTokens());
        assertEquals(OptionalLong.empty(), table.require("c").maxOutputTokens());
        assertEquals(OptionalLong.empty(), table.require("c").maxInputTokens());
        assertEquals("", table.require("c").provider());
    }

    @Test
    void a_user_file_adds_models_on_top_of_the_bundled_table() throws IOException {
        PriceTable table = PriceTable.load(file("""
                {"my-model": {"input_cost_per_token": 2e-6, "output_cost_per_token": 8e-6,
                              "litellm_provider": "openai", "max_output_tokens": 1000}}"""));
        assertEquals(127, table.size());
        assertEquals(2_000_000, table.require("my-model").inputMicrosPerMillion());
        assertEquals(150_000, table.require("gpt-4o-mini").inputMicrosPerMillion());
    }

    @Test
    void a_user_entry_replaces_the_bundled_entry_as_a_whole() throws IOException {
        PriceTable table = PriceTable.bundled().withOverrides(file("""
                {"gpt-4o-mini": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}"""));
        ModelPrice price = table.require("gpt-4o-mini");
        assertEquals(1_000_000, price.inputMicrosPerMillion());
        assertEquals(2_000_000, price.outputMicrosPerMillion());
        assertEquals(OptionalLong.empty(), price.maxOutputTokens());
        assertEquals(126, table.size());
    }

    @Test
    void a_zero_priced_user_entry_neither_adds_nor_removes_a_model() throws IOException {
        PriceTable table = PriceTable.load(file("""
                {"gpt-4o-mini": {"input_cost_per_token": 0, "output_cost_per_token": 0},
                 "local-llama": {"input_cost_per_token": 0, "output_cost_per_token": 0}}"""));
        assertEquals(150_000, table.require("gpt-4o-mini").inputMicrosPerMillion());
        assertFalse(table.find("local-llama").isPresent());
    }

    @Test
    void a_bad_field_names_the_file_the_model_and_the_field() throws IOException {
        var e = loadFails("""
                {"my-model": {"input_cost_per_token": "cheap", "output_cost_per_token": 1e-6}}""");
        assertTrue(e.getMessage().contains(dir.resolve("prices.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("model 'my-model'"), e.getMessage());
        assertTrue(e.getMessage().contains("field 'input_cost_per_token'"), e.getMessage());
    }

    @Test
    void a_negative_cost_is_refused() throws IOException {
        var e = loadFails("""
                {"m": {"input_cost_per_token": 1e-6, "output_cost_per_token": -1e-6}}""");
        assertTrue(e.getMessage().contains("field 'output_cost_per_token': must not be negative"), e.getMessage());
    }

    @Test
    void a_fractional_token_limit_is_refused() throws IOException {
        var e = loadFails("""
                {"m": {"input_cost_per_token": 1e-6, "max_output_tokens": 1.5}}""");
        assertTrue(e.getMessage().contains("model 'm', field 'max_output_tokens'"), e.getMessage());
    }

    @Test
    void a_mistyped_provider_is_refused() throws IOException {
        var e = loadFails("""
                {"m": {"input_cost_per_token": 1e-6, "litellm_provider": 7}}""");
        assertTrue(e.getMessage().contains("model 'm', field 'litellm_provider'"), e.getMessage());
    }

    @Test
    void an_entry_that_is_not_an_object_is_refused() throws IOException {
        var e = loadFails("""
                {"m": [1e-6, 2e-6]}""");
        assertTrue(e.getMessage().contains("model 'm': entry must be a JSON object"), e.getMessage());
    }

    @Test
    void a_file_that_is_not_an_object_is_refused() throws IOException {
        var e = loadFails("[]");
        assertTrue(e.getMessage().contains("must be a JSON object"), e.getMessage());
    }

    @Test
    void invalid_json_is_refused_with_its_location() throws IOException {
        var e = loadFails("""
                {"m": {"input_cost_per_token": 1e-6,}}""");
        assertTrue(e.getMessage().contains("prices.json"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void a_model_listed_twice_is_refused() throws IOException {
        var e = loadFails("""
                {"m": {"input_cost_per_token": 1e-6}, "m": {"input_cost_per_token": 2e-6}}""");
        assertTrue(e.getMessage().contains("'m'"), e.getMessage());
    }

    @Test
    void a_missing_file_is_refused_with_its_name() {
        Path missing = dir.resolve("nope.json");
        var e = assertThrows(PriceFileException.class, () -> PriceTable.load(missing));
        assertTrue(e.getMessage().startsWith("Price file '" + missing + "': cannot be read"), e.getMessage());
        assertEquals(missing.toString(), e.source());
    }
}
