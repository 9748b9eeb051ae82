package io.iron.proxy.mock;

/**
 * Anthropic wire format as api.anthropic.com sends it: the {@code message} object and the SSE event sequence
 * {@code message_start} (usage.input_tokens, output_tokens 1), {@code content_block_start}, {@code ping},
 * {@code content_block_delta}×n, {@code content_block_stop}, {@code message_delta} (usage.output_tokens, cumulative),
 * {@code message_stop}, each as {@code event: <type>\ndata: {...}\n\n}; errors as
 * {@code {"type":"error","error":{"type":...,"message":...}}}.
 */
final class AnthropicWire {
    private AnthropicWire() {
    }

    static byte[] message(String id, ChatCall call, CompletionText text, boolean withUsage) {
        StringBuilder b = new StringBuilder(320 + text.full().length());
        b.append("{\"id\":\"").append(id).append("\",\"type\":\"message\",\"role\":\"assistant\",\"model\":");
        JsonText.quoted(b, call.model());
        b.append(",\"content\":[{\"type\":\"text\",\"text\":\"").append(text.full()).append("\"}],\"stop_reason\":\"")
                .append(stopReason(call)).append("\",\"stop_sequence\":null");
        if (withUsage) {
            b.append(",\"usage\":");
            usage(b, call.promptTokens(), call.completionTokens());
        }
        return OpenAiWire.bytes(b.append('}'));
    }

    static StreamFrames stream(String id, ChatCall call, CompletionText text, boolean withUsage) {
        StringBuilder opening = new StringBuilder(512);
        opening.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"").append(id)
                .append("\",\"type\":\"message\",\"role\":\"assistant\",\"model\":");
        JsonText.quoted(opening, call.model());
        opening.append(",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null");
        if (withUsage) {
            // The real API reports a provisional output count of 1 here; the final count comes in message_delta.
            opening.append(",\"usage\":");
            usage(opening, call.promptTokens(), Math.min(1, call.completionTokens()));
        }
        opening.append("}}\n\n")
                .append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n")
                .append("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        byte[][] content = new byte[text.pieces().length][];
        for (int i = 0; i < content.length; i++) {
            content[i] = OpenAiWire.bytes(new StringBuilder(128 + text.pieces()[i].length())
                    .append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"")
                    .append(text.pieces()[i]).append("\"}}\n\n"));
        }
        StringBuilder closing = new StringBuilder(384)
                .append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n")
                .append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"")
                .append(stopReason(call)).append("\",\"stop_sequence\":null}");
        if (withUsage) {
            closing.append(",\"usage\":{\"output_tokens\":").append(call.completionTokens()).append('}');
        }
        closing.append("}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return new StreamFrames(OpenAiWire.bytes(opening), content, text.piecesTokens(), OpenAiWire.bytes(closing));
    }

    /** E.g. {@code {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}}. */
    static byte[] error(String type, String message) {
        StringBuilder b = new StringBuilder(96 + message.length()).append("{\"type\":\"error\",\"error\":{\"type\":");
        JsonText.quoted(b, type).append(",\"message\":");
        JsonText.quoted(b, message).append("}}");
        return OpenAiWire.bytes(b);
    }

    private static String stopReason(ChatCall call) {
        return call.hitLimit() ? "max_tokens" : "end_turn";
    }

    private static void usage(StringBuilder b, long input, int output) {
        b.append("{\"input_tokens\":").append(input)
                .append(",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":")
                .append(output).append(",\"service_tier\":\"standard\"}");
    }
}
