package io.iron.engine.store.db;

/**
 * Rows that migration V1 puts into every new database (see the comments at the end of V1__reference_schema.sql).
 * Code that meets them (handshake, admin API) can recognise them by these values.
 */
public final class SeededRows {

    /** The owner user of the seed doc's agent 9999; seeded so that {@code agents.owner_id} can reference it. */
    public static final String ADMIN_USER_ID = "user_admin";

    /** {@code users.password_hash} of the seeded admin: matches no password until an operator sets one. */
    public static final String ADMIN_NO_PASSWORD_HASH = "!no-password-set";

    /** Id of the seeded OpenAI provider key placeholder, which the seed doc's agent and key UPDATE point at. */
    public static final long PLACEHOLDER_PROVIDER_KEY_ID = 1;

    /**
     * {@code encrypted_api_key} and {@code encryption_nonce} of the placeholder key while no real key is stored.
     * Not base64, so it can never decrypt; a handshake that meets it should say "no key stored in provider key 1".
     */
    public static final String PLACEHOLDER_KEY_MATERIAL = "iron:placeholder:no-key-stored";

    private SeededRows() {
    }
}
