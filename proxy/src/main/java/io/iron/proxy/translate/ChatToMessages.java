package io.iron.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iron.engine.pricing.InvalidRequestException;

/**
 * An OpenAI chat request for a Claude model, rewritten as an Anthropic Messages request, as the reference does
 * (PROTOCOL §3.2 step 7): system messages joined with a newline into {@code system}; {@code max_tokens}, else
 * {@code max_completion_tokens}, else {@value #DEFAULT_MAX_TOKENS}; {@code temperature} and {@code top_p} copied;
 * {@code stop} becomes {@code stop_sequences}; {@code stream} copied. Text content parts pass as Anthropic text blocks.
 */
public final class ChatToMessages {
    public static final int DEFAULT_MAX_TOKENS = 4096;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ChatToMessages() {
    }

    public static ObjectNode request(JsonNode chat) {
        ObjectNode out = NODES.objectNode();
        out.set("model", chat.get("model"));
        StringBuilder system = new StringBuilder();
        ArrayNode messages = out.putArray("messages");
        JsonNode in = chat.path("messages");
        if (!in.isArray()) {
            throw new InvalidRequestException("messages", "must be an array of chat messages");
        }
        for (int i = 0; i < in.size(); i++) {
            JsonNode m = in.get(i);
            String role = m.path("role").asText("");
            if (role.equals("system") || role.equals("developer")) {
                if (!system.isEmpty()) {
                    system.append('\n');
                }
                system.append(text(m.path("content")));
                continue;
            }
            if (!role.equals("user") && !role.equals("assistant")) {
                throw new InvalidRequestException("messages[" + i + "].role", "is '" + role + "': only system, "
                        + "user and assistant messages can be translated for a Claude model");
            }
            ObjectNode msg = messages.addObject();
            msg.put("role", role);
            msg.set("content", content(m.path("content"), i));
        }
        if (!system.isEmpty()) {
            out.put("system", system.toString());
        }
        JsonNode maxTokens = first(chat, "max_tokens", "max_completion_tokens");
        if (maxTokens == null) {
            out.put("max_tokens", DEFAULT_MAX_TOKENS);
        } else {
            out.set("max_tokens", maxTokens);
        }
        copy(chat, out, "temperature", "temperature");
        copy(chat, out, "top_p", "top_p");
        JsonNode stop = chat.get("stop");
        if (stop != null && !stop.isNull()) {
            out.set("stop_sequences", stop.isArray() ? stop : NODES.arrayNode().add(stop));
        }
        copy(chat, out, "stream", "stream");
        return out;
    }

    private static JsonNode content(JsonNode content, int index) {
        if (content.isTextual()) {
            return content;
        }
        if (!content.isArray()) {
            throw new InvalidRequestException("messages[" + index + "].content", "must be a string or an array of "
                    + "text parts");
        }
        ArrayNode blocks = NODES.arrayNode();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText())) {
                throw new InvalidRequestException("messages[" + index + "].content", "has a '"
                        + part.path("type").asText() + "' part: only text parts can be translated for a Claude model");
            }
            blocks.addObject().put("type", "text").put("text", part.path("text").asText());
        }
        return blocks;
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            sb.append(part.path("text").asText(""));
        }
        return sb.toString();
    }

    private static JsonNode first(JsonNode body, String a, String b) {
        JsonNode n = body.get(a);
        if (n != null && !n.isNull()) {
            return n;
        }
        n = body.get(b);
        return n != null && !n.isNull() ? n : null;
    }

    private static void copy(JsonNode from, ObjectNode to, String field, String as) {
        JsonNode n = from.get(field);
        if (n != null && !n.isNull()) {
            to.set(as, n);
        }
    }
}
