package io.iron.proxy.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Stream error events in each format, so the official SDKs raise an error instead of seeing a clean end. */
final class ErrorEvents {
    private ErrorEvents() {
    }

    /** OpenAI: a data chunk with an {@code error} object (openai-java throws on it). */
    static String openAi(String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message).put("type", "iron_upstream_error").putNull("param");
        error.put("code", "upstream_stream_failed");
        return "data: " + body + "\n\n";
    }

    /** Anthropic: an {@code error} event of type {@code api_error}. */
    static String anthropic(String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "error");
        body.putObject("error").put("type", "api_error").put("message", message);
        return "event: error\ndata: " + body + "\n\n";
    }
}
