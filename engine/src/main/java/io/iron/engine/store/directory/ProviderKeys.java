package io.iron.engine.store.directory;

import io.iron.engine.store.db.SeededRows;
import io.iron.engine.vault.ProviderKeyVault;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code ai_provider_keys} table. Keys are written sealed (D3); nothing here ever sees a plaintext key. */
public final class ProviderKeys {
    private static final String COLUMNS = "id, provider, encrypted_api_key, encryption_nonce, base_url, description,"
            + " is_enabled, created_at, last_used_at, user_id";

    private final JdbcCalls jdbc;

    ProviderKeys(JdbcCalls jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ProviderKeyRow> find(long keyId) {
        return jdbc.one("SELECT " + COLUMNS + " FROM ai_provider_keys WHERE id = ?", ProviderKeys::row, keyId);
    }

    public List<ProviderKeyRow> list() {
        return jdbc.list("SELECT " + COLUMNS + " FROM ai_provider_keys ORDER BY id", ProviderKeys::row);
    }

    /**
     * The key a handshake uses for {@code provider} when it names none: the lowest-id key of that provider that is
     * enabled and holds real key material; failing that, the lowest-id key of that provider at all (so the
     * reference's "disabled" and "cannot decrypt" answers still come out). Empty when the provider has no key.
     */
    public Optional<ProviderKeyRow> firstFor(String provider) {
        return jdbc.one("SELECT " + COLUMNS + " FROM ai_provider_keys WHERE provider = ?"
                + " ORDER BY CASE WHEN is_enabled = 1 AND encrypted_api_key <> ? THEN 0 ELSE 1 END, id LIMIT 1",
                ProviderKeys::row, provider, SeededRows.PLACEHOLDER_KEY_MATERIAL);
    }

    /**
     * The key an agent uses for {@code provider} when the call names none: the agent's assigned key when it is for
     * that provider, else {@link #firstFor(String)}. One rule for the handshake and the proxy.
     */
    public Optional<ProviderKeyRow> forAgent(AgentRow agent, String provider) {
        if (agent.providerKeyId() != null) {
            Optional<ProviderKeyRow> assigned = find(agent.providerKeyId());
            if (assigned.isPresent() && assigned.get().provider().equals(provider)) {
                return assigned;
            }
        }
        return firstFor(provider);
    }

    /** Stores a new sealed key; returns its id. */
    public long insert(String provider, ProviderKeyVault.Sealed sealed, String baseUrl, String description,
                       String userId, long nowMillis) {
        return jdbc.insertReturningId("INSERT INTO ai_provider_keys (provider, encrypted_api_key, encryption_nonce,"
                + " base_url, description, is_enabled, created_at, user_id) VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                provider, sealed.encryptedApiKeyB64(), sealed.nonceB64(), baseUrl, description, nowMillis, userId);
    }

    /**
     * Puts a sealed key into the seeded placeholder row (key 1) when it still holds no key and is for the same
     * provider: what the seed doc does by hand with its {@code UPDATE ... WHERE id = 1}. True if it did.
     */
    public boolean fillPlaceholder(String provider, ProviderKeyVault.Sealed sealed, String baseUrl, String description,
                                   long nowMillis) {
        return jdbc.update("UPDATE ai_provider_keys SET encrypted_api_key = ?, encryption_nonce = ?, base_url = ?,"
                + " description = ?, is_enabled = 1, created_at = ? WHERE id = ? AND provider = ? AND encrypted_api_key = ?",
                sealed.encryptedApiKeyB64(), sealed.nonceB64(), baseUrl, description, nowMillis,
                SeededRows.PLACEHOLDER_PROVIDER_KEY_ID, provider, SeededRows.PLACEHOLDER_KEY_MATERIAL) == 1;
    }

    /** Re-seals a key in place and points it at {@code baseUrl}. */
    public boolean replace(long keyId, ProviderKeyVault.Sealed sealed, String baseUrl) {
        return jdbc.update("UPDATE ai_provider_keys SET encrypted_api_key = ?, encryption_nonce = ?, base_url = ?"
                + " WHERE id = ?", sealed.encryptedApiKeyB64(), sealed.nonceB64(), baseUrl, keyId) == 1;
    }

    public boolean setEnabled(long keyId, boolean enabled) {
        return jdbc.update("UPDATE ai_provider_keys SET is_enabled = ? WHERE id = ?", enabled, keyId) == 1;
    }

    private static ProviderKeyRow row(ResultSet rs) throws SQLException {
        return new ProviderKeyRow(rs.getLong("id"), rs.getString("provider"), rs.getString("encrypted_api_key"),
                rs.getString("encryption_nonce"), rs.getString("base_url"), rs.getString("description"),
                rs.getInt("is_enabled") != 0, rs.getLong("created_at"), JdbcCalls.nullableLong(rs, "last_used_at"),
                rs.getString("user_id"));
    }
}
