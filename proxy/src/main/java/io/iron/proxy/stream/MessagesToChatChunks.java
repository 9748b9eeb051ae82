package io.iron.proxy.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iron.proxy.translate.MessagesToChat;
import io.iron.proxy.usage.Usage;

/**
 * An Anthropic message stream re-told as OpenAI {@code chat.completion.chunk}s, for an OpenAI client calling a
 * Claude model: the role chunk on {@code message_start}, a content chunk per text delta, the finish chunk on
 * {@code message_delta}, then on {@code message_stop} the usage chunk (only if the client asked for usage) and
 * {@code [DONE]}. Other events (pings, block starts and stops) send nothing.
 */
public final class MessagesToChatChunks implements StreamTransform {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final AnthropicStreamMeter meter;
    private final boolean clientAskedForUsage;
    private final long createdSecs;
    private String id = "msg";
    private String model = "";

    public MessagesToChatChunks(AnthropicStreamMeter meter, boolean clientAskedForUsage, long createdSecs) {
        this.meter = meter;
        this.clientAskedForUsage = clientAskedForUsage;
        this.createdSecs = createdSecs;
    }

    @Override
    public String onEvent(SseEvent event) {
        JsonNode data = meter.lastData();
        if (data == null) {
            return null;
        }
        String type = event.name() != null ? event.name() : data.path("type").asText("");
        return switch (type) {
            case "message_start" -> {
                id = data.path("message").path("id").asText(id);
                model = data.path("message").path("model").asText(model);
                ObjectNode delta = NODES.objectNode().put("role", "assistant").put("content", "");
                yield chunk(delta, null);
            }
            case "content_block_delta" -> {
                JsonNode d = data.path("delta");
                yield "text_delta".equals(d.path("type").asText())
                        ? chunk(NODES.objectNode().put("content", d.path("text").asText("")), null) : null;
            }
            case "message_delta" -> chunk(NODES.objectNode(),
                    MessagesToChat.finishReasonOf(data.path("delta").path("stop_reason").asText(null)));
            case "message_stop" -> {
                StringBuilder sb = new StringBuilder();
                if (clientAskedForUsage && meter.usage().isPresent()) {
                    ObjectNode c = base();
                    c.putArray("choices");
                    c.set("usage", usage(meter.usage().get()));
                    sb.append("data: ").append(c).append("\n\n");
                }
                yield sb.append("data: [DONE]\n\n").toString();
            }
            case "error" -> ErrorEvents.openAi(data.path("error").path("message").asText("upstream error"));
            default -> null;
        };
    }

    @Override
    public String errorEvent(String message) {
        return ErrorEvents.openAi(message);
    }

    private ObjectNode base() {
        ObjectNode c = NODES.objectNode();
        c.put("id", id).put("object", "chat.completion.chunk").put("created", createdSecs).put("model", model);
        return c;
    }

    private String chunk(ObjectNode delta, String finishReason) {
        ObjectNode c = base();
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return "data: " + c + "\n\n";
    }

    private static ObjectNode usage(Usage u) {
        long prompt = u.inputTokens() + u.cacheWriteTokens() + u.cacheReadTokens();
        return NODES.objectNode().put("prompt_tokens", prompt).put("completion_tokens", u.outputTokens())
                .put("total_tokens", prompt + u.outputTokens());
    }
}
