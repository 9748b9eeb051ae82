package io.iron.engine.store.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import javax.sql.DataSource;

/** Plain-JDBC helpers for tests: rows as "a|b|c" lines, the way the sqlite3 shell prints them. */
final class Sql {

    private Sql() {
    }

    /** Runs a query and returns each row as its columns joined with '|' (NULL prints as empty, like sqlite3). */
    static List<String> lines(DataSource source, String sql, Object... parameters) {
        try (Connection c = source.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<String> out = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringJoiner row = new StringJoiner("|");
                    for (int i = 1; i <= columns; i++) {
                        Object value = rs.getObject(i);
                        row.add(value == null ? "" : value.toString());
                    }
                    out.add(row.toString());
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    static String single(DataSource source, String sql, Object... parameters) {
        List<String> rows = lines(source, sql, parameters);
        if (rows.size() != 1) {
            throw new IllegalStateException(sql + " returned " + rows.size() + " rows, expected 1: " + rows);
        }
        return rows.getFirst();
    }

    /** Executes an update; SQLException propagates so that a test can assert on constraint failures. */
    static int update(DataSource source, String sql, Object... parameters) throws SQLException {
        try (Connection c = source.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        }
    }
}
