package io.iron.perf.http;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A throw-away schema on a PostgreSQL server for one load run. */
final class PgSchema {
    private PgSchema() {
    }

    /** Creates {@code schema} and answers the server URL scoped to it. */
    static String create(String serverUrl, String schema) throws SQLException {
        try (Connection c = connect(serverUrl); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void drop(String serverUrl, String schema) throws SQLException {
        try (Connection c = connect(serverUrl); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static Connection connect(String serverUrl) throws SQLException {
        // postgresql://user[:pw]@host:port/db -> jdbc:postgresql://host:port/db?user=...
        java.net.URI uri = java.net.URI.create(serverUrl);
        String user = uri.getUserInfo() == null ? null : uri.getUserInfo().split(":", 2)[0];
        String password = uri.getUserInfo() != null && uri.getUserInfo().contains(":")
                ? uri.getUserInfo().split(":", 2)[1] : null;
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort())
                + uri.getPath();
        return DriverManager.getConnection(jdbc, user, password);
    }
}
