package io.iron.proxy.usage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
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

    /**
     * The value of one top-level field of a JSON document (the last, should the name repeat, as a tree would keep),
     * read without building the rest: a whole answer's {@code usage} without a tree of its {@code choices}. Empty when
     * the document is not an object or has no such field; {@link IOException} when it is not valid JSON.
     */
    public static Optional<JsonNode> topLevelField(ObjectMapper json, byte[] document, String field) throws IOException {
        try (JsonParser p = json.createParser(document)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                return Optional.empty();
            }
            JsonNode found = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (field.equals(name)) {
                    found = json.readTree(p);
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("the JSON document ended inside its object");
            }
            return Optional.ofNullable(found);
        }
    }

    /** A token count; absent, null or not a number counts 0, a negative one too. */
    static long count(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isNumber() && n.canConvertToLong() ? Math.max(0, n.longValue()) : 0;
    }
}
