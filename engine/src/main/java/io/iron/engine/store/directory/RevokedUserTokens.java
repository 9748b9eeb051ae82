package io.iron.engine.store.directory;

/** The reference's {@code token_blacklist}: user JWTs (by {@code jti}) that were logged out before they expired. */
public final class RevokedUserTokens {
    private final JdbcCalls jdbc;

    RevokedUserTokens(JdbcCalls jdbc) {
        this.jdbc = jdbc;
    }

    public boolean isRevoked(String jti) {
        return jdbc.one("SELECT 1 FROM token_blacklist WHERE jti = ?", rs -> Boolean.TRUE, jti).isPresent();
    }
}
