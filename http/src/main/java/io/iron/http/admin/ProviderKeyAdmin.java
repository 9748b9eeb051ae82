package io.iron.http.admin;

import io.helidon.http.Status;
import io.iron.engine.store.db.SeededRows;
import io.iron.engine.store.directory.ProviderKeyRow;
import io.iron.engine.vault.ProviderKeyVault;
import io.iron.engine.vault.VaultException;
import io.iron.http.ApiError;
import io.iron.http.ServerParts;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Provider keys (the reference's {@code /api/v1/providers}): sealed with the master key as they arrive (D3), shown
 * masked ({@code sk-p...xyz}), never returned in plaintext. The first OpenAI key fills the placeholder row 1 that
 * the seed's agent points at, so the seed's "store the key in row 1" step is just {@code iron key add}.
 */
public final class ProviderKeyAdmin {
    static final int API_KEY_MAX = 500;
    static final int BASE_URL_MAX = 2000;
    static final int DESCRIPTION_MAX = 500;
    private final ServerParts parts;

    public ProviderKeyAdmin(ServerParts parts) {
        this.parts = parts;
    }

    public Views.ProviderKey add(String provider, String apiKey, String baseUrl, String description) {
        if (provider == null || (!provider.equals("openai") && !provider.equals("anthropic"))) {
            throw ApiError.badRequest("Invalid provider: must be openai or anthropic");
        }
        if (apiKey == null || apiKey.strip().isEmpty()) {
            throw ApiError.badRequest("api_key cannot be empty");
        }
        if (apiKey.getBytes(StandardCharsets.UTF_8).length > API_KEY_MAX) {
            throw ApiError.badRequest("api_key too long (max " + API_KEY_MAX + " characters)");
        }
        if (apiKey.indexOf('\0') >= 0) {
            throw ApiError.badRequest("Invalid api_key: contains a NUL character");
        }
        checkBaseUrl(baseUrl);
        if (description != null && description.getBytes(StandardCharsets.UTF_8).length > DESCRIPTION_MAX) {
            throw ApiError.badRequest("description too long (max " + DESCRIPTION_MAX + " characters)");
        }
        ProviderKeyVault.Sealed sealed = parts.vault().seal(apiKey.strip());
        long now = parts.nowMillis();
        long id = parts.directory().providerKeys().fillPlaceholder(provider, sealed, baseUrl, description, now)
                ? SeededRows.PLACEHOLDER_PROVIDER_KEY_ID
                : parts.directory().providerKeys().insert(provider, sealed, baseUrl, description,
                SeededRows.ADMIN_USER_ID, now);
        return show(id);
    }

    /** Re-seals key {@code keyId} with a new plaintext and base URL (the demo's mock provider moves port each run). */
    public Views.ProviderKey replace(long keyId, String apiKey, String baseUrl) {
        checkBaseUrl(baseUrl);
        require(keyId);
        parts.directory().providerKeys().replace(keyId, parts.vault().seal(apiKey), baseUrl);
        return show(keyId);
    }

    public List<Views.ProviderKey> list() {
        return parts.directory().providerKeys().list().stream().map(this::view).toList();
    }

    public Views.ProviderKey show(long keyId) {
        return view(require(keyId));
    }

    public Views.ProviderKey setEnabled(long keyId, boolean enabled) {
        require(keyId);
        parts.directory().providerKeys().setEnabled(keyId, enabled);
        return show(keyId);
    }

    private ProviderKeyRow require(long keyId) {
        return parts.directory().providerKeys().find(keyId)
                .orElseThrow(() -> ApiError.of(Status.NOT_FOUND_404, "Provider key " + keyId + " not found"));
    }

    private Views.ProviderKey view(ProviderKeyRow row) {
        String masked;
        if (row.isPlaceholder()) {
            masked = "(no key stored)";
        } else {
            try {
                masked = ProviderKeyVault.mask(parts.vault().open(row.encryptedApiKey(), row.encryptionNonce()));
            } catch (VaultException e) {
                masked = "(cannot decrypt: " + e.getMessage() + ")";
            }
        }
        return new Views.ProviderKey(row.id(), row.provider(), row.baseUrl(), row.description(), row.enabled(),
                row.createdAtMillis(), row.lastUsedAtMillis(), masked);
    }

    private static void checkBaseUrl(String baseUrl) {
        if (baseUrl == null) {
            return;
        }
        if (baseUrl.length() > BASE_URL_MAX) {
            throw ApiError.badRequest("base_url too long (max " + BASE_URL_MAX + " characters)");
        }
        try {
            URI uri = new URI(baseUrl);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw ApiError.badRequest("Invalid base_url: must be an http(s) URL such as https://api.openai.com");
            }
        } catch (URISyntaxException e) {
            throw ApiError.badRequest("Invalid base_url: must be an http(s) URL such as https://api.openai.com");
        }
    }
}
