package io.iron.proxy;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** The LLM providers the proxy forwards to, with the wire name used in handshakes and key storage. */
public enum Provider {
    OPENAI("openai", URI.create("https://api.openai.com")),
    ANTHROPIC("anthropic", URI.create("https://api.anthropic.com"));

    private final String wireName;
    private final URI defaultBaseUrl;

    Provider(String wireName, URI defaultBaseUrl) {
        this.wireName = wireName;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    /** {@code openai} or {@code anthropic}, as in {@code ai_provider_keys.provider}. */
    public String wireName() {
        return wireName;
    }

    /** The provider's public API, used when a key has no base URL of its own. */
    public URI defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The provider of a wire name (case-sensitive, as the reference). */
    public static Optional<Provider> ofWireName(String name) {
        for (Provider p : values()) {
            if (p.wireName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName.toLowerCase(Locale.ROOT);
    }
}
