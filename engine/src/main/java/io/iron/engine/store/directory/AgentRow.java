package io.iron.engine.store.directory;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * One row of {@code agents}. {@code providersJson} is the reference's JSON array text (e.g. {@code ["openai"]}).
 * {@code icTokenHash} is the SHA-256 hex of the agent's current IC token, null when none was ever issued here (the
 * seed's hand-made agent: any valid token then works, D15), or {@link #REVOKED_HASH} after a revoke.
 * {@code icTokenCreatedAtSecs} is in seconds, as in the reference.
 */
public record AgentRow(long id, String name, String providersJson, long createdAtMillis, String ownerId,
                       Long providerKeyId, String icTokenHash, Long icTokenCreatedAtSecs) {

    /**
     * Stored in {@code ic_token_hash} by a revoke. A NULL hash would mean "any valid token works" (the seed's agent),
     * so revoking writes a value no SHA-256 hex can equal: every token of the agent is refused until a new one is
     * issued.
     */
    public static final String REVOKED_HASH = "revoked";

    /** True when an IC token issued here is in force (a NULL or revoked hash is not one). */
    public boolean hasIcToken() {
        return icTokenHash != null && !REVOKED_HASH.equals(icTokenHash);
    }

    /** D15: whether a token with this SHA-256 hex may act for the agent. Constant-time comparison. */
    public boolean acceptsTokenHash(String tokenHashHex) {
        if (icTokenHash == null) {
            return true;
        }
        return MessageDigest.isEqual(icTokenHash.getBytes(StandardCharsets.US_ASCII),
                tokenHashHex.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "AgentRow[id=" + id + ", name=" + name + ", owner=" + ownerId + ", providerKeyId=" + providerKeyId
                + ", hasIcToken=" + hasIcToken() + "]";
    }
}
