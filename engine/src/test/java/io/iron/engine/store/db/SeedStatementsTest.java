package io.iron.engine.store.db;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md D4: the seed doc's database setup, taken verbatim from the doc, runs unchanged against a database
 * that this code created, and its verification queries show agent 9999 with 10000 µ$ and provider key 1.
 *
 * <p>Each scenario runs twice: through the sqlite3 shell exactly as the doc does (foreign keys OFF, the shell's
 * default; skipped with a note when no sqlite3 is installed), and through JDBC on the server's own writer
 * connection (foreign keys ON), which must accept the same statements.
 */
class SeedStatementsTest {

    /** The doc's "Verification Commands" output on a freshly seeded database. */
    private static final List<String> VERIFIED = List.of(
            "agents|9999|agent_9999|1",
            "budgets|9999|10000",
            "limits|user_admin|100000000",
            "keys|1|openai|1");

    private static final String API_KEY = "sk-proj-IRON-SEED-TEST-not-a-real-key";

    enum Via { SQLITE3_CLI, JDBC_FOREIGN_KEYS_ON }

    private final SeedDoc doc = SeedDoc.load();

    @Test
    void theSeedDocYieldsItsDatabaseStatementsVerbatim() {
        List<SeedDoc.Command> setup = doc.under("Database Setup");
        assertAll(
                () -> assertEquals(9, doc.commands().size(), "sqlite3 commands in the doc's bash blocks"),
                () -> assertEquals(2, setup.size()),
                () -> assertEquals("ALTER TABLE agents ADD COLUMN provider_key_id INTEGER REFERENCES ai_provider_keys(id);",
                        setup.get(0).sql()),
                () -> assertTrue(setup.get(0).failureTolerated()),
                () -> assertTrue(setup.get(1).sql().contains(
                        "VALUES (9999, 'agent_9999', '[\"openai\"]', strftime('%s','now') * 1000, 'user_admin', 1);"),
                        "bash's \\\" became \": " + setup.get(1).sql()),
                () -> assertEquals(3, SeedRunner.Jdbc.statements(setup.get(1).sql()).size()),
                () -> assertEquals("UPDATE ai_provider_keys\nSET encrypted_api_key = ?, encryption_nonce = ?\n"
                        + "WHERE id = 1 AND provider = 'openai'", doc.pythonKeyUpdateSql()),
                () -> assertEquals(1, doc.under("Verification Commands").size()),
                () -> assertEquals(4, SeedRunner.Jdbc.statements(doc.under("Verification Commands").getFirst().sql()).size()));
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theSeedSetupRunsUnchangedAndItsVerificationShowsAgent9999AndKey1(Via via) throws Exception {
        try (SqliteTestDatabase test = SqliteTestDatabase.create(); Database db = test.open()) {
            SeedRunner runner = runner(via, test, db);
            runSetup(runner);
            storeKey(via, test, db);

            assertEquals(VERIFIED, verify(runner));
            assertEquals(API_KEY, decryptKey1(db), "the key stored by the doc's Python snippet decrypts with its master key");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theDocsDebugQueriesAnswerAsTheDocExpects(Via via) throws Exception {
        try (SqliteTestDatabase test = SqliteTestDatabase.create(); Database db = test.open()) {
            SeedRunner runner = runner(via, test, db);
            runSetup(runner);
            storeKey(via, test, db);
            List<SeedDoc.Command> debug = doc.under("Debug Commands");
            assertEquals(4, debug.size());
            assertAll(
                    () -> assertEquals(List.of("9999|agent_9999|user_admin"), succeed(runner, debug.get(0)).output()),
                    () -> assertTrue(succeed(runner, debug.get(1)).output().getFirst().startsWith("9999|10000|0|10000|")),
                    () -> assertEquals(List.of("1|openai|1"), succeed(runner, debug.get(3)).output()));
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theDocsResetGivesAgent9999Its10000MicrodollarsBack(Via via) throws Exception {
        try (SqliteTestDatabase test = SqliteTestDatabase.create(); Database db = test.open()) {
            SeedRunner runner = runner(via, test, db);
            runSetup(runner);
            Sql.update(db.writer(), "UPDATE agent_budgets SET total_spent = 9933, budget_remaining = 67 WHERE agent_id = 9999");

            SeedDoc.Command reset = doc.under("Running the Test").getFirst();
            assertEquals("UPDATE agent_budgets SET total_spent = 0, budget_remaining = 10000 WHERE agent_id = 9999;", reset.sql());
            succeed(runner, reset);

            assertEquals("10000|0|10000", Sql.single(db.reader(),
                    "SELECT total_allocated, total_spent, budget_remaining FROM agent_budgets WHERE agent_id = 9999"));
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void runningTheSetupTwiceLeavesOneAgentOneBudgetAndOneUsageLimit(Via via) throws Exception {
        try (SqliteTestDatabase test = SqliteTestDatabase.create(); Database db = test.open()) {
            SeedRunner runner = runner(via, test, db);
            runSetup(runner);
            runSetup(runner);
            assertEquals("1|1|1", Sql.single(db.reader(), "SELECT (SELECT count(*) FROM agents), (SELECT count(*) FROM agent_budgets),"
                    + " (SELECT count(*) FROM usage_limits)"));
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theDocsFixForAMissingBudgetRowWorks(Via via) throws Exception {
        try (SqliteTestDatabase test = SqliteTestDatabase.create(); Database db = test.open()) {
            SeedRunner runner = runner(via, test, db);
            runSetup(runner);
            Sql.update(db.writer(), "DELETE FROM agent_budgets WHERE agent_id = 9999");

            succeed(runner, doc.under("Budget limit exceeded").getFirst());

            assertEquals("9999|10000|0|10000", Sql.single(db.reader(),
                    "SELECT agent_id, total_allocated, total_spent, budget_remaining FROM agent_budgets"));
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theServerReopensTheSeededDatabaseWithEveryForeignKeySatisfied(Via via) throws Exception {
        try (SqliteTestDatabase test = SqliteTestDatabase.create()) {
            String version;
            try (Database db = test.open()) {
                version = db.schemaVersion();
                runSetup(runner(via, test, db));
                storeKey(via, test, db);
            }
            try (Database reopened = test.open()) {
                assertAll(
                        () -> assertEquals(version, reopened.schemaVersion(), "reopening migrates nothing"),
                        () -> assertEquals(List.of(), Sql.lines(reopened.reader(), "PRAGMA foreign_key_check")));
            }
        }
    }

    private SeedRunner runner(Via via, SqliteTestDatabase test, Database db) {
        return switch (via) {
            case SQLITE3_CLI -> {
                Optional<Path> cli = SeedRunner.sqlite3OnPath();
                if (cli.isEmpty()) {
                    String note = "SeedStatementsTest: no sqlite3 on PATH, so the CLI variant is skipped; "
                            + "the JDBC variant runs the same statements";
                    System.err.println(note);
                    Assumptions.abort(note);
                }
                System.out.println("SeedStatementsTest: running the seed's statements through the sqlite3 CLI " + cli.get());
                yield new SeedRunner.Cli(test.directory());
            }
            case JDBC_FOREIGN_KEYS_ON -> {
                System.out.println("SeedStatementsTest: running the seed's statements through JDBC on the server's writer (foreign_keys=ON)");
                yield new SeedRunner.Jdbc(db.writer());
            }
        };
    }

    /** The doc's "Database Setup" block: the tolerated ALTER, then agent 9999, its budget and user_admin's limits. */
    private void runSetup(SeedRunner runner) {
        List<SeedDoc.Command> setup = doc.under("Database Setup");
        SeedRunner.Outcome alter = runner.run(setup.get(0));
        if (runner instanceof SeedRunner.Jdbc) {
            // The column is part of our schema already, so the ALTER fails, which the doc's "|| true" tolerates.
            assertFalse(alter.succeeded(), "ALTER TABLE agents ADD COLUMN provider_key_id must find the column present");
            assertTrue(alter.error().contains("duplicate column name"), alter.error());
        } else {
            assertTrue(alter.succeeded(), "the doc's '2>/dev/null || true' makes the shell line succeed: " + alter.error());
        }
        succeed(runner, setup.get(1));
    }

    private List<String> verify(SeedRunner runner) {
        return succeed(runner, doc.under("Verification Commands").getFirst()).output();
    }

    private static SeedRunner.Outcome succeed(SeedRunner runner, SeedDoc.Command command) {
        SeedRunner.Outcome outcome = runner.run(command);
        assertTrue(outcome.succeeded(), "seed command failed: " + command.shellCommand() + "\n-> " + outcome.error());
        return outcome;
    }

    /**
     * The doc's Python step: encrypts a key with its master key (AES-256-GCM, ciphertext||tag and nonce in base64, as
     * Python's AESGCM does) and runs its UPDATE verbatim with those two parameters. Via the CLI variant it uses a plain
     * connection with foreign keys off, like Python's sqlite3 module; via JDBC the server's writer.
     */
    private void storeKey(Via via, SqliteTestDatabase test, Database db) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, masterKey(), new GCMParameterSpec(128, nonce));
        byte[] encrypted = gcm.doFinal(API_KEY.getBytes(StandardCharsets.UTF_8));
        try (Connection c = via == Via.SQLITE3_CLI ? DriverManager.getConnection("jdbc:sqlite:" + test.file()) : db.writer().getConnection();
             PreparedStatement update = c.prepareStatement(doc.pythonKeyUpdateSql())) {
            update.setString(1, Base64.getEncoder().encodeToString(encrypted));
            update.setString(2, Base64.getEncoder().encodeToString(nonce));
            assertEquals(1, update.executeUpdate(), "the doc's UPDATE must find provider key 1 (openai)");
        }
    }

    private String decryptKey1(Database db) throws Exception {
        String[] row = Sql.single(db.reader(), "SELECT encrypted_api_key, encryption_nonce FROM ai_provider_keys WHERE id = 1").split("\\|");
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, masterKey(), new GCMParameterSpec(128, Base64.getDecoder().decode(row[1])));
        return new String(gcm.doFinal(Base64.getDecoder().decode(row[0])), StandardCharsets.UTF_8);
    }

    private SecretKeySpec masterKey() {
        return new SecretKeySpec(Base64.getDecoder().decode(doc.masterKeyBase64()), "AES");
    }
}
