package io.iron.engine.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reservation bounds any tokenizer: a token of a byte-level BPE covers at least one UTF-8 byte, so the UTF-8
 * size of all text bounds the prompt tokens, whatever the text (ASCII, CJK, emoji, any code point).
 */
class ReservationPropertiesTest {

    private static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-5.1", "o3", "claude-sonnet-4-5",
            "claude-haiku-4-5", "gpt-4.1-nano");

    @Provide
    Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(2, Arbitraries.integers().between(0x4E00, 0x9FFF)),      // CJK
                Tuple.of(2, Arbitraries.integers().between(0x1F300, 0x1FAFF)),    // emoji
                Tuple.of(1, Arbitraries.integers().between(0, 0x10FFFF)
                        .filter(c -> c < 0xD800 || c > 0xDFFF)));                               // any scalar
        return codePoint.list().ofMaxSize(80).map(cps -> {
            StringBuilder s = new StringBuilder();
            cps.forEach(s::appendCodePoint);
            return s.toString();
        });
    }

    @Provide
    Arbitrary<String> model() {
        return Arbitraries.of(MODELS);
    }

    @Property(tries = 200)
    void input_bound_is_at_least_the_utf8_size_of_all_text(
            @ForAll("model") String model,
            @ForAll @Size(max = 8) List<@From("text") String> contents,
            @ForAll("text") String system,
            @ForAll boolean asBlocks,
            @ForAll boolean withSystem) {
        ObjectNode body = Requests.object().put("model", model).put("max_tokens", 100);
        long textBytes = 0;
        if (withSystem) {
            body.put("system", system);
            textBytes += system.getBytes(StandardCharsets.UTF_8).length;
        }
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < contents.size(); i++) {
            ObjectNode message = messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant");
            if (asBlocks) {
                message.putArray("content").addObject().put("type", "text").put("text", contents.get(i));
            } else {
                message.put("content", contents.get(i));
            }
            textBytes += contents.get(i).getBytes(StandardCharsets.UTF_8).length;
        }
        Reservation r = Requests.BUNDLED.estimate(Endpoint.MESSAGES, body);
        assertTrue(r.maxInputTokens() >= textBytes, r.maxInputTokens() + " < " + textBytes + " bytes of text");
        ModelPrice price = PriceTable.bundled().require(model);
        assertTrue(r.reserveMicros() >= Cost.costMicros(price, textBytes, 100), "reservation below the cost");
    }

    @Property(tries = 200)
    void reservation_is_monotone_in_max_tokens(
            @ForAll("model") String model,
            @ForAll("text") String content,
            @ForAll @IntRange(max = 1_000_000) int a,
            @ForAll @IntRange(max = 1_000_000) int b) {
        long smaller = reserve(model, content, Math.min(a, b));
        long larger = reserve(model, content, Math.max(a, b));
        assertTrue(smaller <= larger, smaller + " > " + larger);
    }

    private static long reserve(String model, String content, int maxTokens) {
        JsonNode body = Requests.object().put("model", model).put("max_tokens", maxTokens)
                .set("messages", Requests.MAPPER.createArrayNode()
                        .add(Requests.object().put("role", "user").put("content", content)));
        return Requests.BUNDLED.estimate(Endpoint.CHAT_COMPLETIONS, body).reserveMicros();
    }
}
