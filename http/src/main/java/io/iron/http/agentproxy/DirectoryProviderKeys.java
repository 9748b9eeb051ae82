package io.iron.http.agentproxy;

import io.iron.engine.store.directory.Directory;
import io.iron.engine.store.directory.ProviderKeyRow;
import io.iron.engine.vault.ProviderKeyVault;
import io.iron.engine.vault.VaultException;
import io.iron.proxy.Provider;
import io.iron.proxy.ProviderKey;
import io.iron.proxy.ProviderKeys;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Optional;

/**
 * The real provider key for an agent's call in {@code iron serve}: the agent's assigned key when it is for this
 * provider, else the provider's first enabled key (the handshake's choice). The opened key is remembered for
 * {@link DirectoryAuthenticator#CACHE_MILLIS}, so a disabled or replaced key stops being used within that time.
 */
final class DirectoryProviderKeys implements ProviderKeys {
    private static final System.Logger LOG = System.getLogger(DirectoryProviderKeys.class.getName());

    private final Directory directory;
    private final ProviderKeyVault vault;
    private final ShortCache<String, Optional<ProviderKey>> keys =
            new ShortCache<>(DirectoryAuthenticator.CACHE_MILLIS, 100_000);

    DirectoryProviderKeys(Directory directory, ProviderKeyVault vault) {
        this.directory = directory;
        this.vault = vault;
    }

    @Override
    public Optional<ProviderKey> keyFor(long agentId, Provider provider) {
        return keys.get(agentId + "/" + provider.wireName(), k -> lookUp(agentId, provider));
    }

    private Optional<ProviderKey> lookUp(long agentId, Provider provider) {
        Optional<ProviderKeyRow> row = directory.agents().find(agentId)
                .flatMap(agent -> directory.providerKeys().forAgent(agent, provider.wireName()))
                .filter(ProviderKeyRow::enabled);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        ProviderKeyRow key = row.get();
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
