package io.iron.engine.store.db;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migrations, on a real SQLite file and on a real PostgreSQL schema (skipped loudly if unreachable).
 * Tests that only read, or write rows no other test looks at, share one migrated database per dialect (a fresh
 * PostgreSQL migration costs ~0.6 s); the two that need a database of their own make one.
 */
class SchemaMigrationTest {

    private static final Map<Dialect, TestDatabase> SHARED_TEST_DATABASES = new EnumMap<>(Dialect.class);
    private static final Map<Dialect, Database> SHARED = new EnumMap<>(Dialect.class);

    private static synchronized Database shared(Dialect dialect) {
        Database db = SHARED.get(dialect);
        if (db == null) {
            TestDatabase test = TestDatabase.create(dialect);
            SHARED_TEST_DATABASES.put(dialect, test);
            db = test.open();
            SHARED.put(dialect, db);
        }
        return db;
    }

    @AfterAll
    static synchronized void closeShared() {
        SHARED.values().forEach(Database::close);
        SHARED_TEST_DATABASES.values().forEach(TestDatabase::close);
        SHARED.clear();
        SHARED_TEST_DATABASES.clear();
    }

    /** Reference tables (PROTOCOL.md part 2 §5) and Iron's own, with their columns in declaration order. */
    static final Map<String, List<String>> EXPECTED_COLUMNS = new LinkedHashMap<>();

    static {
        EXPECTED_COLUMNS.put("users", List.of("id", "username", "password_hash", "email", "role", "name", "is_active",
                "created_at", "last_login", "suspended_at", "suspended_by", "deleted_at", "deleted_by",
                "force_password_change", "failed_login_count", "last_failed_login", "locked_until"));
        EXPECTED_COLUMNS.put("token_blacklist", List.of("jti", "user_id", "blacklisted_at", "expires_at"));
        EXPECTED_COLUMNS.put("ai_provider_keys", List.of("id", "provider", "encrypted_api_key", "encryption_nonce",
                "base_url", "description", "is_enabled", "created_at", "last_used_at", "balance_cents",
                "balance_updated_at", "user_id"));
        EXPECTED_COLUMNS.put("project_provider_key_assignments", List.of("id", "project_id", "provider_key_id", "assigned_at"));
        EXPECTED_COLUMNS.put("agents", List.of("id", "name", "providers", "created_at", "owner_id", "provider_key_id",
                "ic_token_hash", "ic_token_created_at"));
        EXPECTED_COLUMNS.put("agent_budgets", List.of("agent_id", "total_allocated", "total_spent", "budget_remaining",
                "created_at", "updated_at"));
        EXPECTED_COLUMNS.put("budget_leases", List.of("id", "agent_id", "budget_id", "budget_granted", "budget_spent",
                "lease_status", "created_at", "expires_at", "returned_amount", "closed_at", "updated_at"));
        EXPECTED_COLUMNS.put("usage_limits", List.of("id", "user_id", "project_id", "max_tokens_per_day",
                "max_requests_per_minute", "max_cost_microdollars_per_month", "current_tokens_today",
                "current_requests_this_minute", "current_cost_microdollars_this_month", "tokens_reset_at",
                "requests_reset_at", "cost_reset_at", "created_at", "updated_at"));
        EXPECTED_COLUMNS.put("budget_change_requests", List.of("id", "agent_id", "requester_id", "current_budget_micros",
                "requested_budget_micros", "justification", "status", "created_at", "updated_at"));
        EXPECTED_COLUMNS.put("budget_modification_history", List.of("id", "agent_id", "modification_type",
                "old_budget_micros", "new_budget_micros", "change_amount_micros", "modifier_id", "reason",
                "related_request_id", "created_at"));
        EXPECTED_COLUMNS.put("analytics_events", List.of("id", "event_id", "timestamp_ms", "event_type", "model",
                "provider", "input_tokens", "output_tokens", "cost_micros", "agent_id", "provider_id", "error_code",
                "error_message", "received_at"));
        EXPECTED_COLUMNS.put("api_tokens", List.of("id", "token_hash", "user_id", "project_id", "agent_id", "provider",
                "name", "scopes", "is_active", "created_at", "last_used_at", "expires_at", "revoked_at"));
        EXPECTED_COLUMNS.put("audit_log", List.of("id", "entity_type", "entity_id", "action", "actor_user_id", "changes",
                "logged_at", "ip_address", "user_agent"));
        EXPECTED_COLUMNS.put("system_config", List.of("key", "value", "description", "created_at", "updated_at"));
        EXPECTED_COLUMNS.put("iron_journal", List.of("seq", "lease_id", "agent_id", "kind", "reservation_id", "request_id",
                "amount_micros", "overrun_micros", "created_at")); // a view since V4
        EXPECTED_COLUMNS.put("iron_journal_rows", List.of("seq", "lease_id", "agent_id", "kind", "reservation_id", "request_id",
                "amount_micros", "overrun_micros", "created_at")); // the journal's table before V4
        EXPECTED_COLUMNS.put("iron_journal_batches", List.of("seq", "first_seq", "record_count", "records", "created_at"));
        EXPECTED_COLUMNS.put("iron_journal_unapplied", List.of("seq"));
        EXPECTED_COLUMNS.put("iron_lease_requests", List.of("lease_id", "request_id", "cost_micros", "response_json", "created_at"));
        EXPECTED_COLUMNS.put("iron_lease_reclaims", List.of("id", "lease_id", "agent_id", "amount_micros", "reason", "actor",
                "created_at"));
        EXPECTED_COLUMNS.put("iron_open_reservations", List.of("lease_id", "reservation_id", "agent_id", "amount_micros",
                "created_at"));
    }

    static final Set<String> VIEWS = new TreeSet<>(Set.of("iron_journal"));

    /** Columns holding microdollars: must be 64-bit integers (SQLite INTEGER is 64-bit; PostgreSQL needs BIGINT). */
    static final List<String> MICRODOLLAR_COLUMNS = List.of(
            "agent_budgets.total_allocated", "agent_budgets.total_spent", "agent_budgets.budget_remaining",
            "budget_leases.budget_granted", "budget_leases.budget_spent", "budget_leases.returned_amount",
            "usage_limits.max_cost_microdollars_per_month", "usage_limits.current_cost_microdollars_this_month",
            "budget_change_requests.current_budget_micros", "budget_change_requests.requested_budget_micros",
            "budget_modification_history.old_budget_micros", "budget_modification_history.new_budget_micros",
            "budget_modification_history.change_amount_micros", "analytics_events.cost_micros",
            "iron_journal.amount_micros", "iron_journal.overrun_micros", "iron_journal_rows.amount_micros",
            "iron_journal_rows.overrun_micros", "iron_lease_requests.cost_micros",
            "iron_lease_reclaims.amount_micros", "iron_open_reservations.amount_micros");

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void migrationsCreateEveryReferenceTableWithItsColumns(Dialect dialect) {
        Database db = shared(dialect);
        assertAll(EXPECTED_COLUMNS.entrySet().stream().map(table -> () ->
                assertEquals(table.getValue(), Columns.of(db, table.getKey()).stream().map(Columns.Column::name).toList(),
                        "columns of " + table.getKey())));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void migrationsCreateNoOtherTables(Dialect dialect) {
        Database db = shared(dialect);
        Set<String> expected = new TreeSet<>(EXPECTED_COLUMNS.keySet());
        expected.removeAll(VIEWS);
        expected.add("flyway_schema_history");
        if (dialect == Dialect.SQLITE) {
            expected.add("sqlite_sequence"); // SQLite's own bookkeeping for AUTOINCREMENT
        }
        assertEquals(expected, new TreeSet<>(Columns.tables(db)));
        assertEquals(VIEWS, new TreeSet<>(Columns.views(db)));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void microdollarAndMillisecondColumnsAre64BitIntegers(Dialect dialect) {
        String integer64 = dialect == Dialect.SQLITE ? "INTEGER" : "bigint";
        Database db = shared(dialect);
        List<String> wrong = new ArrayList<>();
        for (String table : EXPECTED_COLUMNS.keySet()) {
            for (Columns.Column column : Columns.of(db, table)) {
                String qualified = table + "." + column.name();
                boolean money = MICRODOLLAR_COLUMNS.contains(qualified);
                boolean time = column.name().endsWith("_at") || column.name().equals("timestamp_ms")
                        || column.name().equals("last_login") || column.name().equals("locked_until")
                        || column.name().equals("last_failed_login");
                if ((money || time) && !column.type().equals(integer64)) {
                    wrong.add(qualified + " is " + column.type());
                }
            }
        }
        assertEquals(List.of(), wrong, "µ$ and ms columns must be " + integer64);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void migratingTwiceIsANoOp(Dialect dialect) {
        try (TestDatabase test = TestDatabase.create(dialect)) {
            try (Database first = test.open()) {
                assertEquals("4", first.schemaVersion());
            }
            try (Database second = test.open()) {
                assertAll(
                        () -> assertEquals("4", second.schemaVersion()),
                        () -> assertEquals("4", Sql.single(second.reader(), "SELECT count(*) FROM flyway_schema_history")),
                        () -> assertEquals("1", Sql.single(second.reader(), "SELECT count(*) FROM users")),
                        () -> assertEquals("1", Sql.single(second.reader(), "SELECT count(*) FROM ai_provider_keys")));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aSchemaMigratedByANewerIronIsRefused(Dialect dialect) throws SQLException {
        try (TestDatabase test = TestDatabase.create(dialect)) {
            try (Database db = test.open()) {
                Sql.update(db.writer(), "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                        + " checksum, installed_by, execution_time, success) VALUES (5, '5', 'from the future', 'SQL',"
                        + " 'V5__from_the_future.sql', 0, 'a newer iron', 1, ?)", true);
            }
            DatabaseException refused = assertThrows(DatabaseException.class, test::open);
            assertEquals(DatabaseException.Reason.SCHEMA_TOO_NEW, refused.reason());
            assertTrue(refused.getMessage().startsWith(
                    "database schema version 5 is newer than this Iron build supports (4); upgrade Iron"), refused.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theAdminUserAndThePlaceholderKey1AreSeeded(Dialect dialect) {
        Database db = shared(dialect);
        assertAll(
                () -> assertEquals(List.of("user_admin|admin|admin|1|" + SeededRows.ADMIN_NO_PASSWORD_HASH),
                        Sql.lines(db.reader(), "SELECT id, username, role, is_active, password_hash FROM users WHERE id = 'user_admin'")),
                () -> assertEquals(List.of("1|openai|1|user_admin|" + SeededRows.PLACEHOLDER_KEY_MATERIAL + "|"
                                + SeededRows.PLACEHOLDER_KEY_MATERIAL),
                        Sql.lines(db.reader(), "SELECT id, provider, is_enabled, user_id, encrypted_api_key,"
                                + " encryption_nonce FROM ai_provider_keys WHERE id = 1")),
                () -> assertEquals("0", Sql.single(db.reader(), "SELECT count(*) FROM agents")),
                () -> assertEquals("0", Sql.single(db.reader(), "SELECT count(*) FROM usage_limits WHERE user_id = 'user_admin'")));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theNextProviderKeyGetsId2(Dialect dialect) throws SQLException {
        Database db = shared(dialect);
        Sql.update(db.writer(), "INSERT INTO ai_provider_keys (provider, encrypted_api_key, encryption_nonce, created_at, user_id)"
                + " VALUES ('anthropic', 'x', 'y', 1, 'user_admin')");
        assertEquals("2", Sql.single(db.reader(), "SELECT id FROM ai_provider_keys WHERE provider = 'anthropic'"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void foreignKeysAreEnforcedOnTheWriter(Dialect dialect) {
        Database db = shared(dialect);
        SQLException refused = assertThrows(SQLException.class, () -> Sql.update(db.writer(),
                "INSERT INTO agents (id, name, providers, created_at, owner_id) VALUES (100, 'agent_100', '[\"openai\"]', 1, 'nobody')"));
        assertTrue(refused.getMessage().toLowerCase().contains("foreign key"), refused.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void usageLimitsHoldOneRowPerUserWithoutProject(Dialect dialect) throws SQLException {
        Database db = shared(dialect);
        String insert = "INSERT INTO usage_limits (user_id, max_cost_microdollars_per_month, created_at, updated_at)"
                + " VALUES ('user_without_project', 100000000, 1, 1)";
        Sql.update(db.writer(), insert);
        assertThrows(SQLException.class, () -> Sql.update(db.writer(), insert));
        assertEquals("1", Sql.single(db.reader(), "SELECT count(*) FROM usage_limits WHERE user_id = 'user_without_project'"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theJournalRowsOfBeforeV4RefuseAnUnknownKindAndANegativeAmount(Dialect dialect) throws SQLException {
        String insert = "INSERT INTO iron_journal_rows (lease_id, agent_id, kind, reservation_id, amount_micros, created_at)"
                + " VALUES ('lease_journal_test', 100, ?, 'r1', ?, 1700000000000)";
        Database db = shared(dialect);
        assertEquals(1, Sql.update(db.writer(), insert, "reserve", 2_500_000L));
        assertAll(
                () -> assertThrows(SQLException.class, () -> Sql.update(db.writer(), insert, "spend", 1L)),
                () -> assertThrows(SQLException.class, () -> Sql.update(db.writer(), insert, "settle", -1L)),
                () -> assertEquals(List.of("lease_journal_test|100|reserve|r1||2500000|0|1700000000000"),
                        Sql.lines(db.reader(), "SELECT lease_id, agent_id, kind, reservation_id, request_id, amount_micros,"
                                + " overrun_micros, created_at FROM iron_journal WHERE lease_id = 'lease_journal_test'")));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theJournalViewShowsTheRecordsOfEachBatchAfterTheRowsOfBeforeV4InCommitOrder(Dialect dialect) throws SQLException {
        try (TestDatabase test = TestDatabase.create(dialect); Database db = test.open()) {
            Sql.update(db.writer(), "INSERT INTO iron_journal_rows (lease_id, agent_id, kind, reservation_id, amount_micros,"
                    + " created_at) VALUES ('lease_v', 7, 'open', NULL, 0, 1000)");
            Sql.update(db.writer(), "INSERT INTO iron_journal_batches (first_seq, record_count, records, created_at)"
                    + " VALUES (2, 2, ?, 1002)", "[[\"lease_v\",7,\"reserve\",3,null,2500000,0,1001],"
                    + "[\"lease_v\",7,\"report\",0,\"req \\\"q\\\" \\\\ \\u00e9\",2000000,5,1002]]");
            Sql.update(db.writer(), "INSERT INTO iron_journal_batches (first_seq, record_count, records, created_at)"
                    + " VALUES (4, 1, ?, 1003)", "[[\"lease_v\",7,\"release\",3,null,2500000,0,1003]]");
            assertEquals(List.of(
                            "1|lease_v|7|open|||0|0|1000",
                            "2|lease_v|7|reserve|3||2500000|0|1001",
                            "3|lease_v|7|report||req \"q\" \\ \u00e9|2000000|5|1002",
                            "4|lease_v|7|release|3||2500000|0|1003"),
                    Sql.lines(db.reader(), "SELECT seq, lease_id, agent_id, kind, reservation_id, request_id, amount_micros,"
                            + " overrun_micros, created_at FROM iron_journal ORDER BY seq"));
            assertEquals("7000000", Sql.single(db.reader(),
                    "SELECT sum(amount_micros) FROM iron_journal WHERE kind IN ('reserve', 'report', 'release')"),
                    "the view's amounts are numbers");
        }
    }

    /**
     * A SQLite file of a V3 Iron, with journal rows, opened by this build: its rows stay in the journal view and the
     * first batch numbers its records after them.
     */
    @org.junit.jupiter.api.Test
    void aV3JournalKeepsItsRowsAndTheBatchesContinueItsNumbering() throws SQLException {
        try (TestDatabase test = TestDatabase.create(Dialect.SQLITE)) {
            String jdbcUrl = ((DatabaseUrl.Sqlite) DatabaseUrl.parse(test.url())).jdbcUrl();
            org.flywaydb.core.Flyway.configure(SchemaMigrationTest.class.getClassLoader()).dataSource(jdbcUrl, null, null)
                    .locations("classpath:" + Dialect.SQLITE.migrationFolder()).target("3").load().migrate();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl);
                 java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO iron_journal (lease_id, agent_id, kind, reservation_id, amount_micros,"
                        + " created_at) VALUES ('lease_v3', 7, 'reserve', '1', 500, 1000), ('lease_v3', 7, 'settle', '1',"
                        + " 400, 1001)");
            }
            try (Database db = test.open()) {
                assertEquals("4", db.schemaVersion());
                try (var journal = new io.iron.engine.store.journal.GroupCommitJournal(db)) {
                    journal.append(List.of(new io.iron.engine.journal.JournalRecord(7, "lease_v3",
                            io.iron.engine.journal.JournalRecord.Kind.RELEASE, 2, null, 0, 0, 1002))).join();
                }
                assertEquals(List.of("1|reserve|500", "2|settle|400", "3|release|0"), Sql.lines(db.reader(),
                        "SELECT seq, kind, amount_micros FROM iron_journal WHERE lease_id = 'lease_v3' ORDER BY seq"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aLeaseRequestIsRecordedOncePerLeaseAndRequestId(Dialect dialect) throws SQLException {
        String insert = "INSERT INTO iron_lease_requests (lease_id, request_id, cost_micros, response_json, created_at)"
                + " VALUES (?, 'req-1', 5000000, '{\"success\":true,\"budget_remaining\":5000000}', 1)";
        Database db = shared(dialect);
        Sql.update(db.writer(), insert, "lease_requests_a");
        assertThrows(SQLException.class, () -> Sql.update(db.writer(), insert, "lease_requests_a"));
        assertEquals(1, Sql.update(db.writer(), insert, "lease_requests_b"), "the same request_id on another lease is another request");
    }
}
