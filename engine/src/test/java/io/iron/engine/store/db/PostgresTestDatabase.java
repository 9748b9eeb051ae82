package io.iron.engine.store.db;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh schema on the test PostgreSQL server, dropped (CASCADE) on close. The server comes from env
 * {@value #ENV} (default {@value #DEFAULT_URL}); when it is not reachable the calling test is SKIPPED, and says so
 * on stderr, rather than failing.
 */
public final class PostgresTestDatabase implements TestDatabase {

    public static final String ENV = "IRON_TEST_POSTGRES_URL";
    public static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";

    /** Remembered after the first failed attempt, so that a missing server costs one connect timeout, not one per test. */
    private static volatile String unreachable;

    private final DatabaseUrl.Postgres server;
    private final String schema;

    private PostgresTestDatabase(DatabaseUrl.Postgres server, String schema) {
        this.server = server;
        this.schema = schema;
    }

    /** The server URL tests use: env {@value #ENV}, or {@value #DEFAULT_URL}. */
    public static String serverUrl() {
        String fromEnv = System.getenv(ENV);
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_URL : fromEnv.strip();
    }

    /** Creates a new schema {@code iron_test_<random>}, or skips the calling test if the server is unreachable. */
    public static PostgresTestDatabase createOrSkip() {
        String url = serverUrl();
        if (unreachable != null) {
            Assumptions.abort(unreachable);
        }
        DatabaseUrl.Postgres server = (DatabaseUrl.Postgres) DatabaseUrl.parse(url);
        String schema = "iron_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = dataSource(server).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            unreachable = "PostgreSQL not reachable at " + server.display() + " (" + e.getMessage().strip()
                    + "): skipping; set " + ENV + " to a reachable server, e.g. " + DEFAULT_URL;
            System.err.println(unreachable);
            Assumptions.abort(unreachable);
        }
        return new PostgresTestDatabase(server, schema);
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    public String schema() {
        return schema;
    }

    /** The server URL with {@code currentSchema=<schema>}, so that Iron (and Flyway) work inside the new schema. */
    @Override
    public String url() {
        Map<String, String> parameters = new LinkedHashMap<>(server.parameters());
        parameters.put("currentSchema", schema);
        DatabaseUrl.Postgres scoped = new DatabaseUrl.Postgres(server.host(), server.port(), server.database(),
                server.user(), server.password(), parameters);
        String credentials = server.user() == null ? ""
                : encode(server.user()) + (server.password() == null ? "" : ":" + encode(server.password())) + "@";
        return scoped.jdbcUrl().replaceFirst("^jdbc:postgresql://", "postgresql://" + credentials);
    }

    @Override
    public void close() {
        try (Connection c = dataSource(server).getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema + " on " + server.display(), e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static PGSimpleDataSource dataSource(DatabaseUrl.Postgres server) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(server.jdbcUrl());
        if (server.user() != null) {
            source.setUser(server.user());
        }
        if (server.password() != null) {
            source.setPassword(server.password());
        }
        source.setConnectTimeout(3);
        return source;
    }

    @Override
    public String toString() {
        return "PostgreSQL " + server.display() + " schema " + schema;
    }
}
