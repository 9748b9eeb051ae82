package io.iron.engine.store.directory;

import io.iron.engine.store.db.SeededRows;

/**
 * One row of {@code ai_provider_keys}: the provider key sealed with the master key (D3), never the plaintext.
 * {@link #toString()} leaves the sealed material out of logs.
 */
public record ProviderKeyRow(long id, String provider, String encryptedApiKey, String encryptionNonce, String baseUrl,
                             String description, boolean enabled, long createdAtMillis, Long lastUsedAtMillis,
                             String userId) {

    /** The row migration V1 seeds as key 1 still holds no real key (it can never decrypt). */
    public boolean isPlaceholder() {
        return SeededRows.PLACEHOLDER_KEY_MATERIAL.equals(encryptedApiKey);
    }

    @Override
    public String toString() {
        return "ProviderKeyRow[id=" + id + ", provider=" + provider + ", baseUrl=" + baseUrl + ", enabled=" + enabled
                + (isPlaceholder() ? ", placeholder" : "") + "]";
    }
}
