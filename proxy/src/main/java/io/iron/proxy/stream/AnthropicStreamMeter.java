package io.iron.proxy.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iron.proxy.usage.Usage;

import java.io.IOException;
import java.util.Optional;

/**
 * Anthropic message stream: {@code message_start} carries the input (and cache) tokens, each {@code message_delta}
 * the cumulative output tokens (and, in newer API versions, cumulative input counts). The record is complete once a
 * {@code message_delta} with usage went by; a stream cut before that has no usage record (D9: full reservation).
 */
public final class AnthropicStreamMeter implements StreamMeter {
    private final ObjectMapper json;
    private long input;
    private long output;
    private long cacheWrite;
    private long cacheRead;
    private boolean started;
    private boolean complete;
    private boolean generated;
    private JsonNode lastData;

    public AnthropicStreamMeter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void observe(SseEvent event) {
        lastData = null;
        if (event.data() == null) {
            return;
        }
        String type = event.name();
        try {
            JsonNode data = json.readTree(event.data());
            lastData = data;
            if (type == null) {
                type = data.path("type").asText("");
            }
            switch (type) {
                case "message_start" -> {
                    generated = true;
                    JsonNode u = data.path("message").path("usage");
                    if (u.isObject()) {
                        started = true;
                        input = count(u, "input_tokens", 0);
                        output = count(u, "output_tokens", 0);
                        cacheWrite = count(u, "cache_creation_input_tokens", 0);
                        cacheRead = count(u, "cache_read_input_tokens", 0);
                    }
                }
                case "message_delta" -> {
                    JsonNode u = data.path("usage");
                    if (u.isObject() && u.path("output_tokens").canConvertToLong()) {
                        output = count(u, "output_tokens", output);
                        input = count(u, "input_tokens", input);
                        cacheWrite = count(u, "cache_creation_input_tokens", cacheWrite);
                        cacheRead = count(u, "cache_read_input_tokens", cacheRead);
                        complete = started;
                    }
                }
                case "content_block_start", "content_block_delta" -> generated = true;
                default -> { }
            }
        } catch (IOException e) {
            // Not JSON (a ping with no data, say): nothing to count.
        }
    }

    /** The parsed data of the event just observed (null when it had none or was not JSON). */
    public JsonNode lastData() {
        return lastData;
    }

    private static long count(JsonNode u, String field, long otherwise) {
        JsonNode n = u.path(field);
        return n.isNumber() && n.canConvertToLong() ? Math.max(0, n.longValue()) : otherwise;
    }

    @Override
    public Optional<Usage> usage() {
        return complete ? Optional.of(new Usage(input, output, cacheWrite, cacheRead)) : Optional.empty();
    }

    @Override
    public boolean generated() {
        return generated;
    }
}
