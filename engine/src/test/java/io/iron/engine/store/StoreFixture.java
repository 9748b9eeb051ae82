package io.iron.engine.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import io.iron.engine.store.db.Database;
import io.iron.engine.store.db.DatabaseSettings;
import io.iron.engine.store.db.DatabaseUrl;
import io.iron.engine.store.db.Dialect;
import io.iron.engine.store.db.TestDatabase;

/**
 * A migrated test database of either dialect with helpers to make agents, owners and limits, read rows as
 * "a|b|c" lines, and change rows from outside (a separate plain JDBC connection, like the seed's sqlite3 shell).
 * PostgreSQL tests are skipped, loudly, when the server is unreachable.
 */
public final class StoreFixture implements AutoCloseable {

    private static final AtomicLong NEXT_ID = new AtomicLong(1000);

    private final TestDatabase test;
    private final Database db;

    private StoreFixture(TestDatabase test, Database db) {
        this.test = test;
        this.db = db;
    }

    public static StoreFixture create(Dialect dialect) {
        TestDatabase test = TestDatabase.create(dialect);
        return new StoreFixture(test, test.open());
    }

    /**
     * With SQLite's {@code synchronous=NORMAL}: commits survive a killed process but are not fsynced, which makes a
     * commit ~50 µs instead of one fsync (~3.5 ms on this project's machines). For tests whose subject is not power
     * loss. PostgreSQL is unaffected.
     */
    public static StoreFixture createWithoutFsync(Dialect dialect) {
        TestDatabase test = TestDatabase.create(dialect);
        return new StoreFixture(test, Database.open(test.url(), DatabaseSettings.defaults().withSqliteSynchronousFull(false)));
    }

    public Database db() {
        return db;
    }

    public String url() {
        return test.url();
    }

    public Dialect dialect() {
        return db.dialect();
    }

    /** A new agent owned by user_admin with an account of {@code allocatedMicros}, nothing spent. */
    public long agent(long allocatedMicros) {
        long id = agentWithoutBudget("user_admin");
        update("INSERT INTO agent_budgets (agent_id, total_allocated, total_spent, budget_remaining, created_at,"
                + " updated_at) VALUES (?, ?, 0, ?, 1, 1)", id, allocatedMicros, allocatedMicros);
        return id;
    }

    /** A new agent with no agent_budgets row. */
    public long agentWithoutBudget(String ownerId) {
        long id = NEXT_ID.incrementAndGet();
        update("INSERT INTO agents (id, name, providers, created_at, owner_id) VALUES (?, ?, '[\"openai\"]', 1, ?)",
                id, "agent_" + id, ownerId);
        return id;
    }

    /** A new user, to own agents and usage_limits rows. */
    public String user() {
        String id = "user_" + NEXT_ID.incrementAndGet();
        update("INSERT INTO users (id, username, password_hash, email, created_at) VALUES (?, ?, 'x', ?, 1)",
                id, id, id + "@example.com");
        return id;
    }

    /** The seed's usage_limits row for an owner; {@code maxMicros} null = no limit. */
    public void usageLimit(String userId, Long maxMicros, long currentMicros) {
        update("INSERT INTO usage_limits (user_id, max_cost_microdollars_per_month, current_cost_microdollars_this_month,"
                + " created_at, updated_at) VALUES (?, ?, ?, 1, 1)", userId, maxMicros, currentMicros);
    }

    public long ownerCurrentMicros(String userId) {
        return number("SELECT current_cost_microdollars_this_month FROM usage_limits WHERE user_id = ?", userId);
    }

    /** "allocated|spent|remaining" of an agent's account. */
    public String account(long agentId) {
        return single("SELECT total_allocated, total_spent, budget_remaining FROM agent_budgets WHERE agent_id = ?", agentId);
    }

    public long number(String sql, Object... parameters) {
        String v = single(sql, parameters);
        return v.isEmpty() ? 0 : Long.parseLong(v);
    }

    public String single(String sql, Object... parameters) {
        List<String> rows = lines(sql, parameters);
        if (rows.size() != 1) {
            throw new IllegalStateException(sql + " returned " + rows.size() + " rows, expected 1: " + rows);
        }
        return rows.getFirst();
    }

    public List<String> lines(String sql, Object... parameters) {
        return lines(db.reader(), sql, parameters);
    }

    public static List<String> lines(DataSource source, String sql, Object... parameters) {
        try (Connection c = source.getConnection()) {
            return lines(c, sql, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    public static List<String> lines(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
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
        }
    }

    /** A write through the server's own writer pool. */
    public int update(String sql, Object... parameters) {
        try (Connection c = db.writer().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    /** A write from outside the server: its own plain JDBC connection, as the seed's sqlite3 shell would make. */
    public int updateFromOutside(String sql, Object... parameters) {
        try (Connection c = outsideConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    /** A plain JDBC connection to the same database, outside the server's pools. */
    public Connection outsideConnection() throws SQLException {
        return outsideConnection(test.url());
    }

    public static Connection outsideConnection(String url) throws SQLException {
        return switch (DatabaseUrl.parse(url)) {
            case DatabaseUrl.Sqlite s -> DriverManager.getConnection(s.jdbcUrl());
            case DatabaseUrl.Postgres p -> DriverManager.getConnection(p.jdbcUrl(), p.user(), p.password());
        };
    }

    private static void bind(PreparedStatement s, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } finally {
            test.close();
        }
    }
}
