package io.iron.http.budget;

import io.helidon.http.Status;
import io.iron.engine.store.directory.AgentRow;
import io.iron.engine.store.directory.Directory;
import io.iron.engine.store.directory.ProviderKeyRow;
import io.iron.engine.vault.IpTokens;
import io.iron.engine.vault.ProviderKeyVault;
import io.iron.engine.vault.VaultException;
import io.iron.http.ApiError;

import java.lang.System.Logger.Level;

/**
 * Handshake steps 9-12: choose the provider key, check it, open it with the master key and seal it into an IP token
 * under {@code IP_TOKEN_KEY} (D16: the only way a provider key leaves the server). Runs before any budget is reserved
 * (D12), so every failure here leaves the agent's account untouched.
 *
 * <p>Choice: the key named by {@code provider_key_id}; else the agent's assigned key ({@code agents.provider_key_id})
 * when it is for the requested provider; else the provider's first enabled key holding real key material; else its
 * first key at all (the reference takes the first key of the provider, ignoring the assignment).
 */
final class IpTokenIssuer {
    private static final System.Logger LOG = System.getLogger(IpTokenIssuer.class.getName());

    /** What the handshake hands out: the sealed key and where the provider lives. */
    record Issued(String ipToken, long providerKeyId, String baseUrl) { }

    private final Directory directory;
    private final ProviderKeyVault vault;
    private final IpTokens ipTokens;

    IpTokenIssuer(Directory directory, ProviderKeyVault vault, IpTokens ipTokens) {
        this.directory = directory;
        this.vault = vault;
        this.ipTokens = ipTokens;
    }

    Issued issue(AgentRow agent, String provider, Long requestedKeyId) {
        ProviderKeyRow key = choose(agent, provider, requestedKeyId);
        if (!key.provider().equals(provider)) {
            throw ApiError.of(Status.FORBIDDEN_403, "Provider key does not match requested provider");
        }
        if (!key.enabled()) {
            throw ApiError.of(Status.FORBIDDEN_403, "Provider key is disabled");
        }
        String plaintext;
        try {
            plaintext = vault.open(key.encryptedApiKey(), key.encryptionNonce());
        } catch (VaultException e) {
            LOG.log(Level.ERROR, "provider key " + key.id() + " cannot be opened (" + e.reason() + ")"
                    + (key.isPlaceholder() ? ": it is the placeholder row; store a real key with `iron key add`"
                    : ": was it sealed with another IRON_SECRETS_MASTER_KEY?"));
            throw ApiError.of(Status.INTERNAL_SERVER_ERROR_500, e.getMessage());
        }
        try {
            return new Issued(ipTokens.seal(plaintext), key.id(), key.baseUrl());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "sealing an IP token failed", e);
            throw ApiError.of(Status.INTERNAL_SERVER_ERROR_500, "Failed to encrypt IP Token");
        }
    }

    private ProviderKeyRow choose(AgentRow agent, String provider, Long requestedKeyId) {
        if (requestedKeyId != null) {
            return directory.providerKeys().find(requestedKeyId)
                    .orElseThrow(() -> ApiError.of(Status.INTERNAL_SERVER_ERROR_500, "Key storage unavailable"));
        }
        return directory.providerKeys().forAgent(agent, provider)
                .orElseThrow(() -> ApiError.of(Status.NOT_FOUND_404, "No API keys configured for provider"));
    }
}
