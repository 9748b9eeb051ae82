package io.iron.proxy.usage;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/** Reads the usage objects of the two wire formats. */
public final class UsageRecords {
    private UsageRecords() {
    }

    /** OpenAI {@code usage}: {@code prompt_tokens} and {@code completion_tokens} (embeddings have no completion). */
    public static Optional<Usage> openAi(JsonNode usage) {
        if (usage == null || !usage.isObject() || !usage.path("prompt_tokens").canConvertToLong()) {
            return Optional.empty();
        }
        return Optional.of(Usage.of(count(usage, "prompt_tokens"), count(usage, "completion_tokens")));
    }

    /** Anthropic {@code usage} of a whole message: input, output and the two cache counts. */
    public static Optional<Usage> anthropic(JsonNode usage) {
        if (usage == null || !usage.isObject() || !usage.path("input_tokens").canConvertToLong()) {
            return Optional.empty();
        }
        return Optional.of(new Usage(count(usage, "input_tokens"), count(usage, "output_tokens"),
                count(usage, "cache_creation_input_tokens"), count(usage, "cache_read_input_tokens")));
    }

    /** A token count; absent, null or not a number counts 0, a negative one too. */
    static long count(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isNumber() && n.canConvertToLong() ? Math.max(0, n.longValue()) : 0;
    }
}
