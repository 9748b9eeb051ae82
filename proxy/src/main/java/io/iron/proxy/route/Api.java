package io.iron.proxy.route;

import io.iron.engine.pricing.Endpoint;
import io.iron.proxy.Provider;

/** The provider APIs the proxy serves, each with its upstream path and the endpoint it is priced as. */
public enum Api {
    OPENAI_CHAT(Provider.OPENAI, "/v1/chat/completions", Endpoint.CHAT_COMPLETIONS),
    OPENAI_EMBEDDINGS(Provider.OPENAI, "/v1/embeddings", Endpoint.EMBEDDINGS),
    ANTHROPIC_MESSAGES(Provider.ANTHROPIC, "/v1/messages", Endpoint.MESSAGES);

    private final Provider provider;
    private final String path;
    private final Endpoint endpoint;

    Api(Provider provider, String path, Endpoint endpoint) {
        this.provider = provider;
        this.path = path;
        this.endpoint = endpoint;
    }

    public Provider provider() {
        return provider;
    }

    /** The path on the provider, appended to the key's API root. */
    public String path() {
        return path;
    }

    public Endpoint endpoint() {
        return endpoint;
    }
}
