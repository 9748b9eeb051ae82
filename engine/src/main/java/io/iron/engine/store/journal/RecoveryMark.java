package io.iron.engine.store.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How far the journal has been reconciled: every reservation recorded at or before this sequence number was settled,
 * released or counted at full amount by a recovery, so the next recovery starts after it and its cost grows with
 * what was written since, not with the whole journal. Kept in the reference's {@code system_config} key/value table
 * (no schema change needed).
 */
final class RecoveryMark {

    static final String KEY = "iron.journal.recovered_through_seq";

    private RecoveryMark() {
    }

    static long read(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT value FROM system_config WHERE key = ?")) {
            s.setString(1, KEY);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                try {
                    return Long.parseLong(rs.getString(1).strip());
                } catch (NumberFormatException e) {
                    // A mangled mark only costs a longer scan: replaying from the start settles nothing twice.
                    return 0;
                }
            }
        }
    }

    static void write(Connection c, long throughSeq, long nowMillis) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO system_config (key, value, description, created_at,"
                + " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                + " updated_at = excluded.updated_at")) {
            s.setString(1, KEY);
            s.setString(2, Long.toString(throughSeq));
            s.setString(3, "Iron: journal sequence through which in-flight reservations were reconciled at startup (D14)");
            s.setLong(4, nowMillis);
            s.setLong(5, nowMillis);
            s.executeUpdate();
        }
    }

    static long maxSeq(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM iron_journal");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
