package io.iron.proxy.mock;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One chat request as the mock understands it: what it echoes, how it answers and what it bills.
 *
 * @param model            echoed back in every response body and chunk
 * @param stream           {@code "stream": true}
 * @param includeUsage     OpenAI {@code stream_options.include_usage: true} (always false for Anthropic)
 * @param promptTokens     billed input tokens, see {@link #promptTokensOf(long)}
 * @param completionTokens billed output tokens (= words generated)
 * @param hitLimit         the output stopped at the request's token limit (finish "length" / stop "max_tokens")
 */
record ChatCall(String model, boolean stream, boolean includeUsage, long promptTokens, int completionTokens,
                boolean hitLimit) {

    /** Per-request knobs that come from headers and options rather than the body. */
    record Sizing(int completionCap, int defaultMaxTokens, Integer completionOverride, Long promptOverride) {
    }

    /**
     * The mock's tokenizer: {@code ceil(utf8Bytes / 4) + 1}. Deterministic, at least 1, and never above
     * {@code utf8Bytes + 1}, so a proxy bound of "one token per prompt byte, plus a little" always covers it.
     */
    static long promptTokensOf(long utf8Bytes) {
        return (utf8Bytes + 3) / 4 + 1;
    }

    /** Parses an OpenAI {@code POST /v1/chat/completions} body. Counted text: every message's content text. */
    static ChatCall openAi(JsonNode body, Sizing sizing) throws BadRequest {
        String model = requireModel(body, "you must provide a model parameter");
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new BadRequest("Missing required parameter: 'messages'.", "messages");
        }
        long bytes = 0;
        for (JsonNode message : messages) {
            bytes += textBytes(message.get("content"));
        }
        boolean stream = body.path("stream").asBoolean(false);
        if (!stream && body.hasNonNull("stream_options")) {
            // As the real API: a proxy that adds include_usage must only do so on streamed requests.
            throw new BadRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                    "stream_options");
        }
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens")
                : body.get("max_tokens");
        int maxTokens = sizing.defaultMaxTokens();
        if (max != null && !max.isNull()) {
            if (!max.canConvertToInt() || max.asInt() < 1) {
                throw new BadRequest("Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, "
                        + "but got " + max + " instead.", "max_tokens");
            }
            maxTokens = max.asInt();
        }
        return sized(model, stream, includeUsage, bytes, maxTokens, sizing);
    }

    /** Parses an Anthropic {@code POST /v1/messages} body. Counted text: {@code system} plus every message's text. */
    static ChatCall anthropic(JsonNode body, Sizing sizing) throws BadRequest {
        String model = requireModel(body, "model: Field required");
        JsonNode max = body.get("max_tokens");
        if (max == null || max.isNull()) {
            throw new BadRequest("max_tokens: Field required", "max_tokens");
        }
        if (!max.canConvertToInt() || max.asInt() < 1) {
            throw new BadRequest("max_tokens: Input should be greater than or equal to 1", "max_tokens");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new BadRequest("messages: Field required", "messages");
        }
        long bytes = textBytes(body.get("system"));
        for (JsonNode message : messages) {
            bytes += textBytes(message.get("content"));
        }
        boolean stream = body.path("stream").asBoolean(false);
        return sized(model, stream, false, bytes, max.asInt(), sizing);
    }

    private static ChatCall sized(String model, boolean stream, boolean includeUsage, long textBytes, int maxTokens,
                                  Sizing sizing) {
        long prompt = sizing.promptOverride() != null ? sizing.promptOverride() : promptTokensOf(textBytes);
        int completion = sizing.completionOverride() != null ? sizing.completionOverride()
                : Math.min(maxTokens, sizing.completionCap());
        return new ChatCall(model, stream, includeUsage, prompt, completion, completion >= maxTokens);
    }

    static String requireModel(JsonNode body, String message) throws BadRequest {
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new BadRequest(message, "model");
        }
        return model.asText();
    }

    /** UTF-8 bytes of a content value: a string, or an array of parts/blocks whose {@code text} fields count. */
    static long textBytes(JsonNode content) {
        if (content == null) {
            return 0;
        }
        if (content.isTextual()) {
            return JsonText.utf8Length(content.asText());
        }
        long bytes = 0;
        if (content.isArray()) {
            for (JsonNode part : content) {
                JsonNode text = part.get("text");
                if (text != null && text.isTextual()) {
                    bytes += JsonText.utf8Length(text.asText());
                }
            }
        }
        return bytes;
    }
}
