package io.iron.proxy.mock;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenAI wire format, byte for byte the shapes api.openai.com sends: {@code chat.completion},
 * {@code chat.completion.chunk} SSE frames ({@code data: {...}\n\n}, then {@code data: [DONE]\n\n}), the
 * embeddings list and the {@code {"error":{message,type,param,code}}} error body.
 */
final class OpenAiWire {
    static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final ConcurrentHashMap<Integer, String[]> VECTORS = new ConcurrentHashMap<>();

    private OpenAiWire() {
    }

    static byte[] completion(String id, long created, ChatCall call, CompletionText text, boolean withUsage) {
        StringBuilder b = new StringBuilder(384 + text.full().length());
        b.append("{\"id\":\"").append(id).append("\",\"object\":\"chat.completion\",\"created\":").append(created)
                .append(",\"model\":");
        JsonText.quoted(b, call.model());
        b.append(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"").append(text.full())
                .append("\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"")
                .append(finishReason(call)).append("\"}]");
        if (withUsage) {
            b.append(",\"usage\":");
            usage(b, call.promptTokens(), call.completionTokens());
        }
        b.append(",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_mock\"}");
        return bytes(b);
    }

    /** The frames of a stream, each a complete {@code data: ...\n\n} SSE event. */
    static StreamFrames stream(String id, long created, ChatCall call, CompletionText text, boolean withUsage) {
        StringBuilder head = new StringBuilder(160);
        head.append("data: {\"id\":\"").append(id).append("\",\"object\":\"chat.completion.chunk\",\"created\":")
                .append(created).append(",\"model\":");
        JsonText.quoted(head, call.model());
        head.append(",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_mock\",\"choices\":");
        String prefix = head.toString();
        // Real OpenAI puts "usage":null on every chunk once include_usage is asked for.
        String tail = withUsage && call.includeUsage() ? ",\"usage\":null}\n\n" : "}\n\n";

        byte[] opening = bytes(new StringBuilder(prefix).append(
                "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                        + "\"logprobs\":null,\"finish_reason\":null}]").append(tail));
        byte[][] content = new byte[text.pieces().length][];
        for (int i = 0; i < content.length; i++) {
            content[i] = bytes(new StringBuilder(prefix.length() + text.pieces()[i].length() + 96).append(prefix)
                    .append("[{\"index\":0,\"delta\":{\"content\":\"").append(text.pieces()[i])
                    .append("\"},\"logprobs\":null,\"finish_reason\":null}]").append(tail));
        }
        StringBuilder closing = new StringBuilder(prefix.length() * 2 + 200).append(prefix)
                .append("[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"")
                .append(finishReason(call)).append("\"}]").append(tail);
        if (withUsage && call.includeUsage()) {
            closing.append(prefix).append("[],\"usage\":");
            usage(closing, call.promptTokens(), call.completionTokens());
            closing.append("}\n\n");
        }
        closing.append("data: [DONE]\n\n");
        return new StreamFrames(opening, content, text.piecesTokens(), bytes(closing));
    }

    static byte[] embeddings(EmbeddingCall call, boolean withUsage) {
        String vector = vector(call.dimensions())[call.base64() ? 1 : 0];
        StringBuilder b = new StringBuilder(96 + call.inputs() * (vector.length() + 48));
        b.append("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < call.inputs(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":").append(vector)
                    .append('}');
        }
        b.append("],\"model\":");
        JsonText.quoted(b, call.model());
        if (withUsage) {
            b.append(",\"usage\":{\"prompt_tokens\":").append(call.promptTokens()).append(",\"total_tokens\":")
                    .append(call.promptTokens()).append('}');
        }
        return bytes(b.append('}'));
    }

    /**
     * The error body, e.g. {@code {"error":{"message":"...","type":"invalid_request_error","param":null,
     * "code":"invalid_api_key"}}}.
     */
    static byte[] error(String message, String type, String param, String code) {
        StringBuilder b = new StringBuilder(160 + message.length());
        b.append("{\"error\":{\"message\":");
        JsonText.quoted(b, message).append(",\"type\":");
        JsonText.quoted(b, type).append(",\"param\":");
        nullable(b, param).append(",\"code\":");
        nullable(b, code).append("}}");
        return bytes(b);
    }

    private static String finishReason(ChatCall call) {
        return call.hitLimit() ? "length" : "stop";
    }

    private static void usage(StringBuilder b, long prompt, int completion) {
        b.append("{\"prompt_tokens\":").append(prompt).append(",\"completion_tokens\":").append(completion)
                .append(",\"total_tokens\":").append(prompt + completion)
                .append(",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0}"
                        + ",\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}");
    }

    private static StringBuilder nullable(StringBuilder b, String value) {
        return value == null ? b.append("null") : JsonText.quoted(b, value);
    }

    /** A deterministic unit-ish vector of the given size, as a JSON float array [0] and a base64 string [1]. */
    private static String[] vector(int dimensions) {
        return VECTORS.computeIfAbsent(dimensions, d -> {
            ByteBuffer raw = ByteBuffer.allocate(d * 4).order(ByteOrder.LITTLE_ENDIAN);
            StringBuilder floats = new StringBuilder(d * 8).append('[');
            for (int i = 0; i < d; i++) {
                float v = ((i * 37 + 11) % 200 - 100) / 1000f;
                raw.putFloat(v);
                floats.append(i == 0 ? "" : ",").append(v);
            }
            return new String[] {floats.append(']').toString(),
                    '"' + Base64.getEncoder().encodeToString(raw.array()) + '"'};
        });
    }

    static byte[] bytes(StringBuilder b) {
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
