package io.iron.proxy.mock;

import java.util.Locale;
import java.util.Map;

/**
 * What the mock saw of one request, before deciding anything: lets a test prove which credential the proxy
 * forwarded upstream (the real provider key, never the agent's IC token) and which headers it passed on.
 *
 * @param path          the request path, e.g. {@code /v1/chat/completions}
 * @param apiKey        the credential as presented: the token after {@code Bearer } (OpenAI routes), or the
 *                      {@code x-api-key} value, else the Bearer token (Anthropic route); {@code null} when absent
 * @param authorization the raw {@code Authorization} header, or {@code null}
 * @param headers       every request header, lower-case name to first value
 */
public record SeenRequest(String path, String apiKey, String authorization, Map<String, String> headers) {
    /** The first value of a header (case-insensitive name), or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
