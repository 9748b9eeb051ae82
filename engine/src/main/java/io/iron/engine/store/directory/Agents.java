package io.iron.engine.store.directory;

import io.iron.engine.store.db.Dialect;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code agents} table, plus the creation of an agent's budget row (its bank account) at registration. */
public final class Agents {
    private static final String COLUMNS =
            "id, name, providers, created_at, owner_id, provider_key_id, ic_token_hash, ic_token_created_at";

    private final JdbcCalls jdbc;

    Agents(JdbcCalls jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<AgentRow> find(long agentId) {
        return jdbc.one("SELECT " + COLUMNS + " FROM agents WHERE id = ?", Agents::row, agentId);
    }

    /** Every agent, lowest id first. */
    public List<AgentRow> list() {
        return jdbc.list("SELECT " + COLUMNS + " FROM agents ORDER BY id", Agents::row);
    }

    /**
     * Inserts an agent without an IC token; returns the stored row.
     *
     * @param agentId the id to use (the seed's agent 9999), or null for the next free one
     */
    public AgentRow create(Long agentId, String name, String providersJson, String ownerId, Long providerKeyId,
                           long nowMillis) {
        long id;
        if (agentId == null) {
            id = jdbc.insertReturningId("INSERT INTO agents (name, providers, created_at, owner_id, provider_key_id)"
                    + " VALUES (?, ?, ?, ?, ?) RETURNING id", name, providersJson, nowMillis, ownerId, providerKeyId);
        } else {
            id = jdbc.insertReturningId("INSERT INTO agents (id, name, providers, created_at, owner_id, provider_key_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", agentId, name, providersJson, nowMillis, ownerId,
                    providerKeyId);
            if (jdbc.dialect() == Dialect.POSTGRESQL) {
                // An explicit id does not move an identity sequence; move it past the highest id so the next
                // generated id cannot collide with this one.
                jdbc.one("SELECT setval(pg_get_serial_sequence('agents', 'id'), (SELECT max(id) FROM agents))",
                        rs -> rs.getLong(1));
            }
        }
        return new AgentRow(id, name, providersJson, nowMillis, ownerId, providerKeyId, null, null);
    }

    /** Deletes the agent; its budget row and lease rows go with it (ON DELETE CASCADE). False if there was none. */
    public boolean delete(long agentId) {
        return jdbc.update("DELETE FROM agents WHERE id = ?", agentId) == 1;
    }

    /**
     * Opens the agent's bank account ({@code agent_budgets}) with {@code allocatedMicros}, all of it remaining.
     * Does nothing when the agent already has one (returns false), so a race of two openers cannot double it.
     */
    public boolean openBudget(long agentId, long allocatedMicros, long nowMillis) {
        if (allocatedMicros < 0) {
            throw new IllegalArgumentException("allocatedMicros must not be negative, was " + allocatedMicros);
        }
        return jdbc.update("INSERT INTO agent_budgets (agent_id, total_allocated, total_spent, budget_remaining,"
                + " created_at, updated_at) VALUES (?, ?, 0, ?, ?, ?) ON CONFLICT (agent_id) DO NOTHING",
                agentId, allocatedMicros, allocatedMicros, nowMillis, nowMillis) == 1;
    }

    /** Active lease rows of the agent (an agent with money out on leases is not deleted). */
    public int activeLeaseCount(long agentId) {
        return jdbc.one("SELECT count(*) FROM budget_leases WHERE agent_id = ? AND lease_status = 'active'",
                rs -> rs.getInt(1), agentId).orElse(0);
    }

    /**
     * Records a newly issued token only if the agent has none in force (NULL or revoked hash): the reference's
     * 409 "already has IC token" rule, decided in one statement so two issuers cannot both win.
     */
    public boolean setTokenIfNone(long agentId, String tokenHashHex, long createdAtSecs) {
        return jdbc.update("UPDATE agents SET ic_token_hash = ?, ic_token_created_at = ? WHERE id = ?"
                + " AND (ic_token_hash IS NULL OR ic_token_hash = ?)",
                tokenHashHex, createdAtSecs, agentId, AgentRow.REVOKED_HASH) == 1;
    }

    /** Replaces the agent's token (regenerate): the old one stops working at once (D15). */
    public boolean replaceToken(long agentId, String tokenHashHex, long createdAtSecs) {
        return jdbc.update("UPDATE agents SET ic_token_hash = ?, ic_token_created_at = ? WHERE id = ?",
                tokenHashHex, createdAtSecs, agentId) == 1;
    }

    /**
     * Revokes every token of the agent (see {@link AgentRow#REVOKED_HASH}). {@code ic_token_created_at} is kept, so
     * that the next token can be issued strictly later than the revoked one and never equals it.
     */
    public boolean revokeToken(long agentId) {
        return jdbc.update("UPDATE agents SET ic_token_hash = ? WHERE id = ?", AgentRow.REVOKED_HASH, agentId) == 1;
    }

    private static AgentRow row(ResultSet rs) throws SQLException {
        return new AgentRow(rs.getLong("id"), rs.getString("name"), rs.getString("providers"),
                rs.getLong("created_at"), rs.getString("owner_id"), JdbcCalls.nullableLong(rs, "provider_key_id"),
                rs.getString("ic_token_hash"), JdbcCalls.nullableLong(rs, "ic_token_created_at"));
    }
}
