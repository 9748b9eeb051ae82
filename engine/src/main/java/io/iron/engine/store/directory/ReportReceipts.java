package io.iron.engine.store.directory;

import java.util.Optional;

/**
 * The answers given to usage reports ({@code iron_lease_requests}), so that a replayed {@code request_id} gets the
 * very same body again (D10). The agent's ledger decides whether a report is a replay; this only remembers the body.
 */
public final class ReportReceipts {
    private final JdbcCalls jdbc;

    ReportReceipts(JdbcCalls jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the answer given to the first report of (lease, request). The durable journal has usually written the
     * row already (the idempotency key itself, with a placeholder body); this puts the real body into it, or inserts
     * the row when the journal keeps none (in-memory journals).
     */
    public void remember(String leaseId, String requestId, long costMicros, String responseJson, long nowMillis) {
        int updated = jdbc.update("UPDATE iron_lease_requests SET response_json = ? WHERE lease_id = ? AND request_id = ?",
                responseJson, leaseId, requestId);
        if (updated == 0) {
            jdbc.update("INSERT INTO iron_lease_requests (lease_id, request_id, cost_micros, response_json, created_at)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (lease_id, request_id) DO NOTHING",
                    leaseId, requestId, costMicros, responseJson, nowMillis);
        }
    }

    /** The stored body (possibly the journal's placeholder: callers check its shape). Read on the writer so a replay
     * right after the first report sees it. */
    public Optional<String> find(String leaseId, String requestId) {
        return jdbc.listOnWriter("SELECT response_json FROM iron_lease_requests WHERE lease_id = ? AND request_id = ?",
                rs -> rs.getString(1), leaseId, requestId).stream().findFirst();
    }
}
