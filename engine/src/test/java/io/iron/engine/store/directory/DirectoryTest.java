package io.iron.engine.store.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iron.engine.store.db.Database;
import io.iron.engine.store.db.Dialect;
import io.iron.engine.store.db.SeededRows;
import io.iron.engine.store.db.TestDatabase;
import io.iron.engine.vault.ProviderKeyVault;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.BiConsumer;

/** The directory's SQL on both dialects (PostgreSQL tests are skipped when no server is reachable). */
class DirectoryTest {
    private static final ProviderKeyVault VAULT = new ProviderKeyVault(new byte[32]);

    private static void with(Dialect dialect, BiConsumer<Database, Directory> test) {
        try (TestDatabase tdb = TestDatabase.create(dialect); Database db = tdb.open()) {
            test.accept(db, new Directory(db));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void createsFindsListsAndDeletesAgents(Dialect dialect) {
        with(dialect, (db, dir) -> {
            AgentRow a = dir.agents().create(null, "first", "[\"openai\"]", "user_admin", null, 1_000);
            AgentRow b = dir.agents().create(null, "second", "[\"anthropic\"]", "user_admin", 1L, 2_000);
            assertNotEquals(a.id(), b.id());
            assertEquals(b, dir.agents().find(b.id()).orElseThrow());
            assertEquals(2, dir.agents().list().size());
            assertTrue(dir.agents().delete(a.id()));
            assertFalse(dir.agents().delete(a.id()));
            assertTrue(dir.agents().find(a.id()).isEmpty());
        });
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anExplicitIdIsKeptAndLaterGeneratedIdsDoNotCollideWithIt(Dialect dialect) {
        with(dialect, (db, dir) -> {
            assertEquals(9999, dir.agents().create(9999L, "seed", "[\"openai\"]", "user_admin", 1L, 0).id());
            assertTrue(dir.agents().create(null, "next", "[\"openai\"]", "user_admin", null, 0).id() > 9999);
        });
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void opensABudgetOnceOnly(Dialect dialect) {
        with(dialect, (db, dir) -> {
            long id = dir.agents().create(null, "a", "[]", "user_admin", null, 0).id();
            assertTrue(dir.agents().openBudget(id, 5_000, 1));
            assertFalse(dir.agents().openBudget(id, 7_000, 2), "a second opener changes nothing");
        });
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tokenHashIsSetOnlyWhenNoneIsInForceAndRevokeBlocksEveryToken(Dialect dialect) {
        with(dialect, (db, dir) -> {
            long id = dir.agents().create(null, "a", "[]", "user_admin", null, 0).id();
            assertTrue(dir.agents().find(id).orElseThrow().acceptsTokenHash("anything"), "NULL hash: any token");
            assertTrue(dir.agents().setTokenIfNone(id, "h1", 10));
            assertFalse(dir.agents().setTokenIfNone(id, "h2", 11));
            AgentRow row = dir.agents().find(id).orElseThrow();
            assertTrue(row.acceptsTokenHash("h1"));
            assertFalse(row.acceptsTokenHash("h2"));
            assertTrue(dir.agents().replaceToken(id, "h3", 12));
            assertFalse(dir.agents().find(id).orElseThrow().acceptsTokenHash("h1"));
            assertTrue(dir.agents().revokeToken(id));
            AgentRow revoked = dir.agents().find(id).orElseThrow();
            assertFalse(revoked.hasIcToken());
            assertFalse(revoked.acceptsTokenHash("h3"));
            assertEquals(12L, revoked.icTokenCreatedAtSecs(), "kept, so the next token is issued later");
            assertTrue(dir.agents().setTokenIfNone(id, "h4", 13), "a revoked agent can be issued a new token");
        });
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theFirstKeyOfAProviderFillsThePlaceholderAndKeyChoicePrefersUsableKeys(Dialect dialect) {
        with(dialect, (db, dir) -> {
            ProviderKeys keys = dir.providerKeys();
            assertTrue(keys.find(1).orElseThrow().isPlaceholder());
            assertEquals(1, keys.firstFor("openai").orElseThrow().id(), "only the placeholder so far");
            assertFalse(keys.fillPlaceholder("anthropic", VAULT.seal("k"), null, null, 5), "row 1 is openai");
            long second = keys.insert("openai", VAULT.seal("sk-2"), "http://x", "d", "user_admin", 5);
            assertEquals(second, keys.firstFor("openai").orElseThrow().id(), "a real key beats the placeholder");
            assertTrue(keys.fillPlaceholder("openai", VAULT.seal("sk-1"), null, null, 6));
            assertEquals(1, keys.firstFor("openai").orElseThrow().id());
            assertEquals("sk-1", VAULT.open(keys.find(1).orElseThrow().encryptedApiKey(),
                    keys.find(1).orElseThrow().encryptionNonce()));
            assertTrue(keys.setEnabled(1, false));
            assertEquals(second, keys.firstFor("openai").orElseThrow().id(), "an enabled key beats a disabled one");
            assertTrue(keys.firstFor("anthropic").isEmpty());
            assertFalse(keys.find(1).orElseThrow().toString().contains(keys.find(1).orElseThrow().encryptedApiKey()));
        });
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void ownerLimitsSeedWhatIsLeftThisMonth(Dialect dialect) {
        with(dialect, (db, dir) -> {
            assertEquals(0, dir.ownerLimits().seedableBudgetMicros(SeededRows.ADMIN_USER_ID), "no row");
            exec(db, "INSERT INTO usage_limits (user_id, max_cost_microdollars_per_month,"
                    + " current_cost_microdollars_this_month, created_at, updated_at) VALUES ('user_admin', 100, 30, 0, 0)");
            assertEquals(70, dir.ownerLimits().seedableBudgetMicros(SeededRows.ADMIN_USER_ID));
            exec(db, "UPDATE usage_limits SET current_cost_microdollars_this_month = 100");
            assertEquals(0, dir.ownerLimits().seedableBudgetMicros(SeededRows.ADMIN_USER_ID));
            exec(db, "UPDATE usage_limits SET max_cost_microdollars_per_month = NULL");
            assertEquals(0, dir.ownerLimits().seedableBudgetMicros(SeededRows.ADMIN_USER_ID), "no limit, no seed");
        });
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void reportReceiptsKeepTheBodyAndReplaceTheJournalsPlaceholder(Dialect dialect) {
        with(dialect, (db, dir) -> {
            dir.reportReceipts().remember("lease_a", "r1", 5, "{\"success\":true}", 1);
            dir.reportReceipts().remember("lease_a", "r1", 5, "{\"success\":false}", 2);
            assertEquals("{\"success\":false}", dir.reportReceipts().find("lease_a", "r1").orElseThrow(),
                    "the body answered last is kept");
            exec(db, "INSERT INTO iron_lease_requests (lease_id, request_id, cost_micros, response_json, created_at)"
                    + " VALUES ('lease_b', 'r', 7, '{\"cost_microdollars\":7}', 0)");
            dir.reportReceipts().remember("lease_b", "r", 7, "{\"success\":true,\"budget_remaining\":1}", 1);
            assertEquals("{\"success\":true,\"budget_remaining\":1}", dir.reportReceipts().find("lease_b", "r")
                    .orElseThrow());
            assertTrue(dir.reportReceipts().find("lease_b", "other").isEmpty());
        });
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void loggedOutUserTokensAreKnownByJti(Dialect dialect) {
        with(dialect, (db, dir) -> {
            exec(db, "INSERT INTO token_blacklist (jti, user_id, blacklisted_at, expires_at) VALUES ('j1', 'u', 0, 0)");
            assertTrue(dir.revokedUserTokens().isRevoked("j1"));
            assertFalse(dir.revokedUserTokens().isRevoked("j2"));
        });
    }

    private static void exec(Database db, String sql) {
        try (var c = db.writer().getConnection(); var s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
