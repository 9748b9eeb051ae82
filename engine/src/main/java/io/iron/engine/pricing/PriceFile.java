package io.iron.engine.pricing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads a price file in LiteLLM's {@code model_prices_and_context_window.json} format: a JSON object from model
 * name to an entry with per-token USD costs. Fields this project does not use are ignored; the ones it uses are
 * checked, and a bad one is reported with the file, the model and the field.
 */
final class PriceFile {

    /** LiteLLM's documentation entry, not a model. */
    static final String SAMPLE_SPEC = "sample_spec";

    /** USD per token × 10¹² = µ$ per million tokens. */
    private static final int USD_PER_TOKEN_TO_MICROS_PER_MILLION = 12;

    /**
     * Floats are read as {@link BigDecimal} so that "1.5e-07" becomes exactly 150_000 µ$/M and not the nearest
     * double; duplicate model keys are an error rather than a silent last-one-wins.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String source;

    private PriceFile(String source) {
        this.source = source;
    }

    /** The priced models of a file, in file order; entries without any token price are left out. */
    static Map<String, ModelPrice> parse(InputStream json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PriceFileException(source, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()), e);
        } catch (IOException e) {
            throw new PriceFileException(source, "cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PriceFileException(source, "must be a JSON object from model name to price entry");
        }
        PriceFile file = new PriceFile(source);
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            if (!entry.getKey().equals(SAMPLE_SPEC)) {
                ModelPrice price = file.entry(entry.getKey(), entry.getValue());
                if (price != null) {
                    prices.put(price.model(), price);
                }
            }
        }
        return prices;
    }

    /** One model's price, or null when it has no token price (zero input and zero output cost), as the reference. */
    private ModelPrice entry(String model, JsonNode entry) {
        if (model.isBlank()) {
            throw new PriceFileException(source, "a model name is blank");
        }
        if (!entry.isObject()) {
            throw new PriceFileException(source, "model '" + model + "': entry must be a JSON object, got "
                    + entry.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        long input = rate(model, entry, "input_cost_per_token").orElse(0);
        long output = rate(model, entry, "output_cost_per_token").orElse(0);
        if (input == 0 && output == 0) {
            return null;
        }
        OptionalLong maxOutput = tokens(model, entry, "max_output_tokens");
        if (maxOutput.isEmpty()) {
            maxOutput = tokens(model, entry, "max_tokens");
        }
        return new ModelPrice(model, provider(model, entry), input, output, maxOutput,
                tokens(model, entry, "max_input_tokens"), surcharges(model, entry));
    }

    private SurchargeRates surcharges(String model, JsonNode entry) {
        return new SurchargeRates(
                rate(model, entry, "cache_read_input_token_cost"),
                rate(model, entry, "cache_creation_input_token_cost"),
                rate(model, entry, "cache_creation_input_token_cost_above_1hr"),
                max(rate(model, entry, "input_cost_per_token_above_200k_tokens"),
                        rate(model, entry, "cache_read_input_token_cost_above_200k_tokens")),
                rate(model, entry, "cache_creation_input_token_cost_above_200k_tokens"),
                rate(model, entry, "output_cost_per_token_above_200k_tokens"),
                max(rate(model, entry, "input_cost_per_token_priority"),
                        rate(model, entry, "cache_read_input_token_cost_priority")),
                rate(model, entry, "output_cost_per_token_priority"),
                max(max(rate(model, entry, "input_cost_per_audio_token"),
                                rate(model, entry, "cache_read_input_audio_token_cost")),
                        rate(model, entry, "cache_creation_input_audio_token_cost")),
                rate(model, entry, "output_cost_per_audio_token"));
    }

    private String provider(String model, JsonNode entry) {
        JsonNode node = entry.get("litellm_provider");
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw PriceFileException.at(source, model, "litellm_provider", "must be a string, got " + node);
        }
        return node.textValue();
    }

    /** A per-token USD cost as µ$ per million tokens: round(usd × 10¹²), exactly, half away from zero. */
    private OptionalLong rate(String model, JsonNode entry, String field) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.isNumber()) {
            throw PriceFileException.at(source, model, field, "must be a number (USD per token), got " + node);
        }
        BigDecimal usdPerToken = node.decimalValue();
        if (usdPerToken.signum() < 0) {
            throw PriceFileException.at(source, model, field, "must not be negative, got " + node);
        }
        try {
            return OptionalLong.of(usdPerToken.movePointRight(USD_PER_TOKEN_TO_MICROS_PER_MILLION)
                    .setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw PriceFileException.at(source, model, field, "is too large to be a price, got " + node);
        }
    }

    /** A token count: a non-negative integer (an integral float such as 4096.0 is accepted). */
    private OptionalLong tokens(String model, JsonNode entry, String field) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()
                || node.longValue() < 0) {
            throw PriceFileException.at(source, model, field, "must be a non-negative integer, got " + node);
        }
        return OptionalLong.of(node.longValue());
    }

    private static OptionalLong max(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalLong.of(Math.max(a.getAsLong(), b.getAsLong()));
    }
}
