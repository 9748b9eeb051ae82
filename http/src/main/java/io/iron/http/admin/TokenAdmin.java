package io.iron.http.admin;

import io.helidon.http.Status;
import io.iron.engine.store.directory.AgentRow;
import io.iron.engine.token.IcTokens;
import io.iron.http.ApiError;
import io.iron.http.ServerParts;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

/**
 * IC tokens of agents (§2.1 management, D15): issue (only when none is in force), regenerate (the old one stops
 * working at once), revoke (every token of the agent stops working until a new one is issued). Only the SHA-256 of
 * a token is stored; the token itself is shown once.
 */
public final class TokenAdmin {
    static final String WARNING = "Store this token securely. It will not be shown again.";
    private final ServerParts parts;

    public TokenAdmin(ServerParts parts) {
        this.parts = parts;
    }

    public Views.IcToken issue(long agentId) {
        AgentRow row = require(agentId);
        long iatSecs = nextIssueSecs(row);
        String token = mint(agentId, iatSecs);
        if (!parts.directory().agents().setTokenIfNone(agentId, IcTokens.tokenHash(token), iatSecs)) {
            throw ApiError.withFields(Status.CONFLICT_409,
                    "Agent already has IC token. Use regenerate endpoint to replace it.",
                    Map.of("code", "IC_TOKEN_EXISTS"));
        }
        return new Views.IcToken(agentId, token, iatSecs, null, WARNING);
    }

    public Views.IcToken regenerate(long agentId) {
        AgentRow row = require(agentId);
        long iatSecs = nextIssueSecs(row);
        String token = mint(agentId, iatSecs);
        parts.directory().agents().replaceToken(agentId, IcTokens.tokenHash(token), iatSecs);
        return new Views.IcToken(agentId, token, iatSecs, true, WARNING);
    }

    public void revoke(long agentId) {
        require(agentId);
        parts.directory().agents().revokeToken(agentId);
    }

    public Views.IcTokenStatus status(long agentId) {
        AgentRow row = require(agentId);
        return new Views.IcTokenStatus(agentId, row.hasIcToken(), row.hasIcToken() ? row.icTokenCreatedAtSecs() : null);
    }

    /**
     * A token's only varying claim is {@code iat} (seconds), so two tokens of one agent issued in the same second
     * would be the same string: a regenerate would not invalidate anything. Each new token is therefore stamped at
     * least one second after the previous one (a future iat is accepted, as by the reference).
     */
    private long nextIssueSecs(AgentRow row) {
        long nowSecs = parts.nowMillis() / 1000;
        Long last = row.icTokenCreatedAtSecs();
        return last == null ? nowSecs : Math.max(nowSecs, last + 1);
    }

    private String mint(long agentId, long iatSecs) {
        return new IcTokens(parts.secrets().icTokenSecret(), InstantSource.fixed(Instant.ofEpochSecond(iatSecs)))
                .issue(agentId, null);
    }

    private AgentRow require(long agentId) {
        return parts.directory().agents().find(agentId).orElseThrow(() -> ApiError.withFields(Status.NOT_FOUND_404,
                "Agent not found", Map.of("code", "AGENT_NOT_FOUND")));
    }
}
