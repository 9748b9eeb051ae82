package io.iron.http.agentproxy;

import io.iron.proxy.ShortCache;

import io.iron.engine.store.directory.AgentRow;
import io.iron.engine.store.directory.Directory;
import io.iron.engine.store.directory.ProviderKeyRow;
import io.iron.engine.vault.ProviderKeyVault;
import io.iron.engine.vault.VaultException;
import io.iron.proxy.Provider;
import io.iron.proxy.ProviderKey;
import io.iron.proxy.ProviderKeys;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real provider key for an agent's call in {@code iron serve}: the agent's assigned key when it is for this
 * provider, else the provider's first enabled key (the handshake's choice). The agent's row and the chosen key row
 * are each at most {@link AgentRows#CACHE_MILLIS} old, so a disabled or replaced key stops being used within that
 * time. A key row is decrypted once per content (the same sealed key opens to the same plaintext).
 */
final class DirectoryProviderKeys implements ProviderKeys {
    private static final System.Logger LOG = System.getLogger(DirectoryProviderKeys.class.getName());
    private static final int MAX_OPENED = 10_000;

    private final Directory directory;
    private final ProviderKeyVault vault;
    private final AgentRows agents;
    /** The key choice depends on the agent only through its assigned key. */
    private final ShortCache<Choice, Optional<ProviderKeyRow>> choices =
            new ShortCache<>(AgentRows.CACHE_MILLIS, 100_000);
    private final ConcurrentHashMap<Long, Opened> opened = new ConcurrentHashMap<>();

    private record Choice(Long assignedKeyId, String provider) { }

    /** A key row's sealed content and what it opened to (empty: it cannot be used, and was logged once). */
    private record Opened(String encryptedApiKey, String nonce, String baseUrl, Optional<ProviderKey> key) {
        boolean holds(ProviderKeyRow row) {
            return encryptedApiKey.equals(row.encryptedApiKey()) && nonce.equals(row.encryptionNonce())
                    && Objects.equals(baseUrl, row.baseUrl());
        }
    }

    DirectoryProviderKeys(Directory directory, ProviderKeyVault vault, AgentRows agents) {
        this.directory = directory;
        this.vault = vault;
        this.agents = agents;
    }

    @Override
    public Optional<ProviderKey> keyFor(long agentId, Provider provider) {
        Optional<AgentRow> agent = agents.find(agentId);
        if (agent.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProviderKeyRow> row = choices.get(new Choice(agent.get().providerKeyId(), provider.wireName()),
                c -> directory.providerKeys().forAgent(agent.get(), c.provider()).filter(ProviderKeyRow::enabled));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        ProviderKeyRow key = row.get();
        Opened o = opened.get(key.id());
        if (o == null || !o.holds(key)) {
            o = new Opened(key.encryptedApiKey(), key.encryptionNonce(), key.baseUrl(), open(key, provider));
            if (opened.size() >= MAX_OPENED) {
                opened.clear();
            }
            opened.put(key.id(), o);
        }
        return o.key().filter(k -> k.provider() == provider);
    }

    private Optional<ProviderKey> open(ProviderKeyRow key, Provider provider) {
        try {
            String plaintext = vault.open(key.encryptedApiKey(), key.encryptionNonce());
            URI base = key.baseUrl() == null || key.baseUrl().isBlank() ? null : URI.create(key.baseUrl());
            return Optional.of(new ProviderKey(provider, plaintext, base));
        } catch (VaultException | IllegalArgumentException e) {
            LOG.log(Level.ERROR, "provider key " + key.id() + " (" + provider.wireName() + ") cannot be used: "
                    + e.getMessage() + (key.isPlaceholder() ? " (placeholder row: store a key with `iron key add`)" : ""));
            return Optional.empty();
        }
    }
}
