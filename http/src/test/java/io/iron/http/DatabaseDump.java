package io.iron.http;

import io.iron.engine.store.db.Database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Every row of every table of a SQLite database, as text, in a stable order: two equal dumps mean equal data. */
public final class DatabaseDump {
    private DatabaseDump() {
    }

    public static String of(Database db) {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.writer().getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                out.append("== ").append(table).append('\n');
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            out.append(i > 1 ? "|" : "").append(rs.getString(i));
                        }
                        out.append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dumping the database failed", e);
        }
        return out.toString();
    }
}
