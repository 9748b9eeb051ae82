package io.iron.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An Anthropic message turned back into an OpenAI {@code chat.completion} (PROTOCOL §3.2 step 9): text blocks
 * concatenated, {@code stop_reason} mapped, usage as prompt/completion/total tokens.
 */
public final class MessagesToChat {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MessagesToChat() {
    }

    public static ObjectNode response(JsonNode message, long createdSecs) {
        ObjectNode out = NODES.objectNode();
        out.put("id", message.path("id").asText("msg"));
        out.put("object", "chat.completion");
        out.put("created", createdSecs);
        out.put("model", message.path("model").asText(""));
        StringBuilder text = new StringBuilder();
        for (JsonNode block : message.path("content")) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText(""));
            }
        }
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text.toString());
        choice.put("finish_reason", finishReasonOf(message.path("stop_reason").asText(null)));
        choice.putNull("logprobs");
        JsonNode usage = message.get("usage");
        if (usage != null && usage.isObject()) {
            out.set("usage", usage(usage));
        }
        return out;
    }

    /** Anthropic usage as OpenAI usage; cache tokens count as prompt tokens. */
    static ObjectNode usage(JsonNode usage) {
        long prompt = usage.path("input_tokens").asLong(0) + usage.path("cache_creation_input_tokens").asLong(0)
                + usage.path("cache_read_input_tokens").asLong(0);
        long completion = usage.path("output_tokens").asLong(0);
        return NODES.objectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    /** end_turn and stop_sequence → stop; max_tokens → length; tool_use → tool_calls; anything else → stop. */
    public static String finishReasonOf(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }
}
