package io.iron.engine.pricing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/**
 * One walk over a request body that gathers what bounds its prompt: the byte size of its text and the media
 * parts whose token count is not bounded by their bytes.
 *
 * <p>The whole body is measured, not a list of prompt fields: every key, string and number is counted as if
 * the body were compact JSON, so a field that reaches the prompt is counted even if this code has never heard
 * of it (a new provider feature, a tool schema keyword). The price of that safety is a few dozen bytes for
 * fields such as {@code model} and {@code temperature}.
 *
 * <p>Media payloads (base64 image and document data, image URLs) are not text: their bytes are left out and
 * the estimator adds a per-part maximum instead; an earlier audio answer referenced by its id
 * ({@code "audio":{"id":...}} in an assistant message) counts as a document part. Audio data is counted as bytes: an audio token covers about
 * 100 ms, which is at least 1 kB of even the most compressed base64 audio, so bytes bound audio tokens too.
 */
final class PromptScan {

    /** Payload strings inside a media part: data and links that the provider decodes, not tokenizes. */
    private static final Set<String> MEDIA_PAYLOAD_KEYS = Set.of("data", "url", "file_data", "file_id", "image_url");

    long textBytes;
    long imageParts;
    long documentParts;
    boolean audioInput;
    boolean cacheControl;
    boolean cacheControl1h;

    private PromptScan() {
    }

    static PromptScan of(JsonNode body) {
        PromptScan scan = new PromptScan();
        scan.walk(body, false);
        return scan;
    }

    private void walk(JsonNode node, boolean inMedia) {
        switch (node.getNodeType()) {
            case OBJECT -> walkObject(node, inMedia);
            case ARRAY -> {
                textBytes += 2 + Math.max(0, node.size() - 1);
                for (JsonNode element : node) {
                    walk(element, inMedia);
                }
            }
            case STRING -> textBytes += utf8Length(node.textValue()) + 2;
            default -> textBytes += node.asText().length();
        }
    }

    private void walkObject(JsonNode node, boolean inMedia) {
        boolean media = inMedia;
        switch (kind(node)) {
            case IMAGE -> {
                imageParts++;
                media = true;
            }
            case DOCUMENT -> {
                documentParts++;
                media = true;
            }
            case AUDIO -> audioInput = true;
            case TEXT -> { }
        }
        textBytes += 2 + Math.max(0, node.size() - 1);
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            textBytes += utf8Length(key) + 3;
            if (key.equals("cache_control") && value.isObject()) {
                cacheControl = true;
                cacheControl1h |= "1h".equals(value.path("ttl").asText());
            }
            if (key.equals("audio") && value.isObject() && value.has("id")) {
                // An earlier audio answer referenced by id: the provider puts its audio back into the prompt,
                // and nothing in this body bounds its length, so it counts as a document part.
                documentParts++;
                audioInput = true;
            }
            if (media && value.isTextual() && MEDIA_PAYLOAD_KEYS.contains(key)) {
                continue;
            }
            walk(value, media);
        }
    }

    private enum Kind { TEXT, IMAGE, DOCUMENT, AUDIO }

    /** What a content part is, by its {@code type} and the field that carries its payload. */
    private static Kind kind(JsonNode part) {
        JsonNode type = part.get("type");
        if (type == null || !type.isTextual()) {
            return Kind.TEXT;
        }
        return switch (type.textValue()) {
            // OpenAI chat image part; Anthropic image block; OpenAI Responses-style image part.
            case "image_url" -> part.has("image_url") ? Kind.IMAGE : Kind.TEXT;
            case "image" -> part.has("source") ? Kind.IMAGE : Kind.TEXT;
            case "input_image" -> Kind.IMAGE;
            // Anthropic document: plain text and content-block sources are text we can measure; a PDF is not.
            case "document" -> switch (part.path("source").path("type").asText()) {
                case "text", "content" -> Kind.TEXT;
                default -> part.has("source") ? Kind.DOCUMENT : Kind.TEXT;
            };
            // OpenAI chat file part (PDF), Responses-style file, Anthropic file for the code container.
            case "file" -> part.has("file") ? Kind.DOCUMENT : Kind.TEXT;
            case "input_file", "container_upload" -> Kind.DOCUMENT;
            case "input_audio" -> Kind.AUDIO;
            default -> Kind.TEXT;
        };
    }

    /** Bytes of {@code s} in UTF-8, without encoding it; a lone surrogate counts as 3 (its WTF-8 size). */
    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
