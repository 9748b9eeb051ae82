package io.iron.engine.store.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.iron.engine.store.bank.Transactions;
import io.helidon.dbclient.DbTransaction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SQLite specifics: connection settings, the pools, and the messages an operator gets when the file is unusable. */
class SqliteDatabaseTest {

    @Test
    void theWriterIsOneConnectionWithWalFullSyncForeignKeysAndA5SecondBusyTimeout() {
        try (SqliteTestDatabase test = SqliteTestDatabase.create(); Database db = test.open()) {
            assertAll(
                    () -> assertEquals(Dialect.SQLITE, db.dialect()),
                    () -> assertEquals(1, ((HikariDataSource) db.writer()).getMaximumPoolSize()),
                    () -> assertEquals("wal", Sql.single(db.writer(), "PRAGMA journal_mode")),
                    () -> assertEquals("2", Sql.single(db.writer(), "PRAGMA synchronous"), "2 = FULL"),
                    () -> assertEquals("1", Sql.single(db.writer(), "PRAGMA foreign_keys")),
                    () -> assertEquals("5000", Sql.single(db.writer(), "PRAGMA busy_timeout")));
        }
    }

    @Test
    void synchronousNormalCanBeChosen() {
        try (SqliteTestDatabase test = SqliteTestDatabase.create();
             Database db = Database.open(test.url(), DatabaseSettings.defaults().withSqliteSynchronousFull(false))) {
            assertEquals("1", Sql.single(db.writer(), "PRAGMA synchronous"), "1 = NORMAL");
        }
    }

    @Test
    void theReaderReadsButCannotWrite() {
        try (SqliteTestDatabase test = SqliteTestDatabase.create(); Database db = test.open()) {
            assertEquals("user_admin", Sql.single(db.reader(), "SELECT id FROM users"));
            SQLException refused = assertThrows(SQLException.class, () -> Sql.update(db.reader(),
                    "UPDATE users SET name = 'x' WHERE id = 'user_admin'"));
            assertTrue(refused.getMessage().contains("readonly") || refused.getMessage().contains("read-only"), refused.getMessage());
        }
    }

    @Test
    void theReaderSeesWhatTheWriterCommitted() throws SQLException {
        try (SqliteTestDatabase test = SqliteTestDatabase.create(); Database db = test.open()) {
            Sql.update(db.writer(), "INSERT INTO agents (id, name, providers, created_at, owner_id) VALUES (100, 'agent_100', '[\"openai\"]', 1, 'user_admin')");
            assertEquals("agent_100", Sql.single(db.reader(), "SELECT name FROM agents WHERE id = 100"));
        }
    }

    @Test
    void theDbClientRunsATransactionOnTheWriterAndQueriesOnTheReader() {
        try (SqliteTestDatabase test = SqliteTestDatabase.create(); Database db = test.open()) {
            DbTransaction tx = db.dbClient().transaction();
            tx.insert("INSERT INTO agents (id, name, providers, created_at, owner_id) VALUES (?, ?, ?, ?, ?)",
                    101, "agent_101", "[\"openai\"]", 1L, "user_admin");
            tx.insert("INSERT INTO agent_budgets (agent_id, total_allocated, total_spent, budget_remaining, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", 101, 10_000_000L, 0L, 10_000_000L, 1L, 1L);
            tx.commit();
            long remaining = db.readDbClient().execute()
                    .get("SELECT budget_remaining FROM agent_budgets WHERE agent_id = ?", 101)
                    .map(row -> ((Number) row.column("budget_remaining").get()).longValue())
                    .orElseThrow();
            assertEquals(10_000_000L, remaining);
        }
    }

    @Test
    void aMissingDirectoryIsNamed() {
        try (SqliteTestDatabase test = SqliteTestDatabase.create()) {
            Path missing = test.directory().resolve("no-such-dir");
            DatabaseException e = assertThrows(DatabaseException.class,
                    () -> Database.open("sqlite://" + missing.resolve("deeper/iron.db") + "?mode=rwc"));
            assertAll(
                    () -> assertEquals(DatabaseException.Reason.DIRECTORY_UNUSABLE, e.reason()),
                    () -> assertTrue(e.getMessage().contains("directory " + missing + " does not exist"), e.getMessage()));
        }
    }

    /** Tests run as root, where chmod does not stop writes; a regular file in place of the directory always does. */
    @Test
    void aDirectoryThatIsAFileIsNamed() throws Exception {
        try (SqliteTestDatabase test = SqliteTestDatabase.create()) {
            Path notADirectory = Files.writeString(test.directory().resolve("plain-file"), "x");
            DatabaseException e = assertThrows(DatabaseException.class,
                    () -> Database.open(notADirectory.resolve("iron.db").toString()));
            assertAll(
                    () -> assertEquals(DatabaseException.Reason.DIRECTORY_UNUSABLE, e.reason()),
                    () -> assertTrue(e.getMessage().contains(notADirectory + " is not a directory"), e.getMessage()));
        }
    }

    @Test
    void modeRwRefusesToCreateAMissingFile() {
        try (SqliteTestDatabase test = SqliteTestDatabase.create()) {
            DatabaseException e = assertThrows(DatabaseException.class, () -> Database.open("sqlite://" + test.file() + "?mode=rw"));
            assertAll(
                    () -> assertEquals(DatabaseException.Reason.FILE_UNUSABLE, e.reason()),
                    () -> assertTrue(e.getMessage().contains(test.file() + " does not exist"), e.getMessage()),
                    () -> assertTrue(Files.notExists(test.file())));
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsNamed() throws Exception {
        try (SqliteTestDatabase test = SqliteTestDatabase.create()) {
            Files.writeString(test.file(), "this is a text file, not a database ".repeat(200));
            DatabaseException e = assertThrows(DatabaseException.class, test::open);
            assertAll(
                    () -> assertEquals(DatabaseException.Reason.NOT_A_DATABASE, e.reason()),
                    () -> assertTrue(e.getMessage().startsWith(test.file() + " is not a usable SQLite database"), e.getMessage()));
        }
    }

    @Test
    void aDatabaseHeldByAnotherProcessIsReportedAsLocked() throws Exception {
        try (SqliteTestDatabase test = SqliteTestDatabase.create();
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + test.file());
             Statement holder = other.createStatement()) {
            holder.execute("BEGIN EXCLUSIVE");
            holder.execute("CREATE TABLE held (x INTEGER)");
            DatabaseException e = assertThrows(DatabaseException.class,
                    () -> Database.open(test.url(), DatabaseSettings.defaults().withBusyTimeout(Duration.ofMillis(200))));
            holder.execute("ROLLBACK");
            assertAll(
                    () -> assertEquals(DatabaseException.Reason.LOCKED, e.reason()),
                    () -> assertTrue(e.getMessage().contains(test.file() + " is locked: another process holds it (waited 200 ms"),
                            e.getMessage()));
        }
    }

    @Test
    void tablesWithoutIronHistoryAreRefused() throws Exception {
        try (SqliteTestDatabase test = SqliteTestDatabase.create()) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + test.file()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE agents (id INTEGER PRIMARY KEY, name TEXT)");
            }
            DatabaseException e = assertThrows(DatabaseException.class, test::open);
            assertAll(
                    () -> assertEquals(DatabaseException.Reason.FOREIGN_SCHEMA, e.reason()),
                    () -> assertTrue(e.getMessage().contains("no Iron schema history"), e.getMessage()));
        }
    }

    /** A full disk is simulated with max_page_count: SQLite answers SQLITE_FULL exactly as for a full filesystem. */
    @Test
    void aFullDiskIsReportedAsSuch() throws SQLException {
        try (SqliteTestDatabase test = SqliteTestDatabase.create(); Database db = test.open();
             Connection c = db.writer().getConnection()) {
            try (Statement s = c.createStatement(); ResultSet pages = s.executeQuery("PRAGMA page_count")) {
                pages.next();
                s.execute("PRAGMA max_page_count = " + pages.getLong(1)); // the file may not grow any more
            }
            SQLException full;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO system_config (key, value) VALUES ('big', ?)")) {
                insert.setString(1, "x".repeat(1_000_000));
                full = assertThrows(SQLException.class, insert::executeUpdate);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA max_page_count = 1073741823");
                }
            }
            DatabaseException e = db.translate(full);
            assertAll(
                    () -> assertEquals(DatabaseException.Reason.DISK_FULL, e.reason()),
                    () -> assertTrue(e.getMessage().contains(test.file() + ": the disk is full (SQLITE_FULL)"), e.getMessage()),
                    () -> assertEquals(List.of(), Sql.lines(db.reader(), "SELECT key FROM system_config WHERE key = 'big'")));
        }
    }

    /**
     * A commit SQLite refuses (a deferred foreign-key violation, which keeps the transaction open) leaves nothing
     * behind, and the one write connection takes the next transaction.
     */
    @Test
    void aRefusedCommitLeavesNothingAndTheWriterGoesOn() throws SQLException {
        try (SqliteTestDatabase test = SqliteTestDatabase.create(); Database db = test.open()) {
            DatabaseException refused = assertThrows(DatabaseException.class, () -> Transactions.inTransaction(db, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA defer_foreign_keys = ON"); // checked at COMMIT, not at the INSERT
                    s.execute("INSERT INTO agents (id, name, providers, created_at, owner_id, provider_key_id)"
                            + " VALUES (200, 'agent_200', '[\"openai\"]', 1, 'ghost', 77)");
                }
                return null;
            }));
            assertTrue(refused.getMessage().contains("FOREIGN KEY"), refused.getMessage());
            assertEquals(List.of(), Sql.lines(db.reader(), "SELECT id FROM agents WHERE id = 200"));
            Transactions.inTransaction(db, c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("INSERT INTO system_config (key, value) VALUES ('after', 'yes')");
                }
            });
            assertEquals(List.of("yes"), Sql.lines(db.reader(), "SELECT value FROM system_config WHERE key = 'after'"));
            assertEquals(List.of(), Sql.lines(db.reader(), "SELECT id FROM agents WHERE id = 200"));
        }
    }

    /** Rows written with foreign keys off (the sqlite3 shell's default) are reported at open, not fatal. */
    @Test
    void rowsWrittenWithForeignKeysOffDoNotStopTheServer() throws Exception {
        try (SqliteTestDatabase test = SqliteTestDatabase.create()) {
            test.open().close();
            try (Connection shell = DriverManager.getConnection("jdbc:sqlite:" + test.file()); Statement s = shell.createStatement()) {
                s.execute("INSERT INTO agents (id, name, providers, created_at, owner_id, provider_key_id)"
                        + " VALUES (200, 'agent_200', '[\"openai\"]', 1, 'ghost', 77)");
            }
            try (Database db = test.open()) {
                assertEquals(2, Sql.lines(db.reader(), "PRAGMA foreign_key_check").size(),
                        "owner 'ghost' and provider key 77 do not exist, and the server opened anyway");
            }
        }
    }
}
