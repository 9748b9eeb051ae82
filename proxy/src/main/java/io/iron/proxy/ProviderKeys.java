package io.iron.proxy;

import java.util.Map;
import java.util.Optional;

/**
 * Where the proxy finds the real provider key for an agent's call. The server implements it over its key storage;
 * the edge proxy over the key opened from its handshake's IP token; tests over a map.
 */
@FunctionalInterface
public interface ProviderKeys {

    /** The key to use for {@code agentId} with {@code provider}, or empty when none is configured. */
    Optional<ProviderKey> keyFor(long agentId, Provider provider);

    /** The same keys for every agent. */
    static ProviderKeys fixed(Map<Provider, ProviderKey> keys) {
        Map<Provider, ProviderKey> copy = Map.copyOf(keys);
        return (agentId, provider) -> Optional.ofNullable(copy.get(provider));
    }
}
