package io.iron.engine.pricing;

import java.util.Optional;

/**
 * The provider API a request body is written for. The caller states it (from the request path) rather than
 * the estimator guessing it from the body: a guess could take a generating request for an embeddings request
 * and reserve nothing for its output.
 */
public enum Endpoint {
    /** OpenAI {@code POST /v1/chat/completions}. */
    CHAT_COMPLETIONS,
    /** Anthropic {@code POST /v1/messages}. */
    MESSAGES,
    /** OpenAI {@code POST /v1/embeddings}: no output tokens. */
    EMBEDDINGS;

    /**
     * The endpoint a request path addresses, by its ending ({@code /chat/completions}, {@code /v1/messages},
     * {@code /embeddings}), so that the reference's {@code /openai} and {@code /anthropic} prefixes and a base URL
     * without {@code /v1} work; a query string is ignored. Empty for a path that cannot be priced.
     */
    public static Optional<Endpoint> ofPath(String path) {
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        if (bare.endsWith("/")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        if (bare.endsWith("/chat/completions")) {
            return Optional.of(CHAT_COMPLETIONS);
        }
        if (bare.endsWith("/v1/messages")) {
            return Optional.of(MESSAGES);
        }
        if (bare.endsWith("/embeddings")) {
            return Optional.of(EMBEDDINGS);
        }
        return Optional.empty();
    }
}
