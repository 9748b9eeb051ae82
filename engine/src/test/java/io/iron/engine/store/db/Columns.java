package io.iron.engine.store.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a database's tables and columns: PRAGMA table_info on SQLite, information_schema on PostgreSQL. */
final class Columns {

    /** A column as the database declares it: SQLite's declared type (e.g. INTEGER), PostgreSQL's data_type (e.g. bigint). */
    record Column(String name, String type) {
    }

    private Columns() {
    }

    static List<Column> of(Database db, String table) {
        String sql = switch (db.dialect()) {
            case SQLITE -> "SELECT name, type FROM pragma_table_info(?)";
            case POSTGRESQL -> "SELECT column_name, data_type FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position";
        };
        List<Column> columns = new ArrayList<>();
        try (Connection c = db.reader().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the columns of " + table + ": " + e.getMessage(), e);
        }
        return columns;
    }

    static List<String> tables(Database db) {
        String sql = switch (db.dialect()) {
            case SQLITE -> "SELECT name FROM sqlite_master WHERE type = 'table'";
            case POSTGRESQL -> "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                    + " AND table_type = 'BASE TABLE'";
        };
        return Sql.lines(db.reader(), sql);
    }

    static List<String> views(Database db) {
        String sql = switch (db.dialect()) {
            case SQLITE -> "SELECT name FROM sqlite_master WHERE type = 'view'";
            case POSTGRESQL -> "SELECT table_name FROM information_schema.views WHERE table_schema = current_schema()";
        };
        return Sql.lines(db.reader(), sql);
    }
}
