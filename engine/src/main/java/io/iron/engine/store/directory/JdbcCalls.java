package io.iron.engine.store.directory;

import io.iron.engine.store.db.Database;
import io.iron.engine.store.db.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The JDBC plumbing of the directory: one statement per call, parameters bound positionally, failures translated
 * into the operator-facing {@link io.iron.engine.store.db.DatabaseException} of the database. Reads go to the reader
 * pool, writes to the writer (SQLite has one write connection; PostgreSQL one shared pool).
 */
final class JdbcCalls {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Database db;

    JdbcCalls(Database db) {
        this.db = db;
    }

    Dialect dialect() {
        return db.dialect();
    }

    <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... parameters) {
        List<T> rows = list(sql, mapper, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    <T> List<T> list(String sql, RowMapper<T> mapper, Object... parameters) {
        return query(db.reader(), sql, mapper, parameters);
    }

    /** A query on the writer connection: for reads that must see this process's last write at once. */
    <T> List<T> listOnWriter(String sql, RowMapper<T> mapper, Object... parameters) {
        return query(db.writer(), sql, mapper, parameters);
    }

    int update(String sql, Object... parameters) {
        try (Connection c = db.writer().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            return s.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            throw db.translate(e);
        }
    }

    /** An INSERT ... RETURNING id (SQLite 3.35+ and PostgreSQL both support RETURNING). */
    long insertReturningId(String sql, Object... parameters) {
        try (Connection c = db.writer().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("INSERT ... RETURNING id returned no row");
                }
                return rs.getLong(1);
            }
        } catch (SQLException | RuntimeException e) {
            throw db.translate(e);
        }
    }

    private <T> List<T> query(DataSource source, String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection c = source.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            try (ResultSet rs = s.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException | RuntimeException e) {
            throw db.translate(e);
        }
    }

    private static void bind(PreparedStatement s, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            switch (p) {
                case null -> s.setNull(i + 1, Types.NULL);
                case Long l -> s.setLong(i + 1, l);
                case Integer n -> s.setInt(i + 1, n);
                case String str -> s.setString(i + 1, str);
                case Boolean b -> s.setInt(i + 1, b ? 1 : 0);
                default -> throw new IllegalArgumentException("unsupported parameter type " + p.getClass());
            }
        }
    }

    /** {@code rs.getLong} that keeps SQL NULL as null. */
    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
