package io.iron.proxy;

import java.net.URI;
import java.util.Objects;

/**
 * A real provider key and where to use it. {@code baseUrl} is the API root without {@code /v1} (a trailing
 * {@code /v1} is tolerated: the proxy appends the request's {@code /v1/...} path to the root). {@link #toString()}
 * never prints the key.
 */
public record ProviderKey(Provider provider, String apiKey, URI baseUrl) {

    public ProviderKey {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(apiKey, "apiKey");
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey of the " + provider + " key must not be blank");
        }
        baseUrl = baseUrl == null ? provider.defaultBaseUrl() : baseUrl;
    }

    /** A key for the provider's public API. */
    public static ProviderKey of(Provider provider, String apiKey) {
        return new ProviderKey(provider, apiKey, null);
    }

    /** The root URL to which {@code /v1/...} is appended: the base URL without a trailing slash or {@code /v1}. */
    public String apiRoot() {
        String s = baseUrl.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("/v1")) {
            s = s.substring(0, s.length() - 3);
        }
        return s;
    }

    @Override
    public String toString() {
        return "ProviderKey[provider=" + provider + ", apiKey=" + masked(apiKey) + ", baseUrl=" + baseUrl + "]";
    }

    /** The reference's masking: first 4 characters, "...", last 3; "***" for 8 characters or fewer. */
    static String masked(String key) {
        return key.length() <= 8 ? "***" : key.substring(0, 4) + "..." + key.substring(key.length() - 3);
    }
}
