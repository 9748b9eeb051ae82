package io.iron.engine.store.bank;

import java.util.List;
import java.util.OptionalLong;

import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.BankGrant;
import io.iron.engine.bank.LeaseClose;
import io.iron.engine.bank.LeaseIds;
import io.iron.engine.bank.UnknownAgentException;
import io.iron.engine.budget.LeaseStatus;
import io.iron.engine.store.SharedFixtures;
import io.iron.engine.store.StoreFixture;
import io.iron.engine.store.db.Dialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bank in SQLite and PostgreSQL (skipped loudly if unreachable): exact figures of every operation. */
class SqlBankTest {

    private static final SharedFixtures FIXTURES = new SharedFixtures();
    private static final long NOW = 1_700_000_000_000L;

    @AfterAll
    static void closeFixtures() {
        FIXTURES.close();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aGrantDrawsFromRemainingAndWritesAnActiveLeaseRow(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(10_000);

        BankGrant g = bank.grant(agent, 3_000, NOW, 60_000, false);

        assertAll(
                () -> assertEquals(3_000, g.grantedMicros()),
                () -> assertEquals(NOW + 60_000, g.expiresAtMillis()),
                () -> assertEquals(new BankAccount(agent, 10_000, 3_000, 7_000), g.account()),
                () -> assertTrue(g.leaseId().startsWith(LeaseIds.PREFIX) && !LeaseIds.isHouse(g.leaseId())),
                () -> assertEquals("10000|3000|7000", fx.account(agent)),
                () -> assertEquals(agent + "|" + agent + "|3000|0|active|" + NOW + "|" + (NOW + 60_000) + "|0||" + NOW,
                        fx.single("SELECT agent_id, budget_id, budget_granted, budget_spent, lease_status, created_at,"
                                + " expires_at, returned_amount, closed_at, updated_at FROM budget_leases WHERE id = ?",
                                g.leaseId())));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aGrantWithoutTtlHasNoExpiryAndAHouseGrantSaysSoInItsId(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(10_000);

        BankGrant g = bank.grant(agent, 1_000, NOW, 0, true);

        assertEquals(0, g.expiresAtMillis());
        assertTrue(LeaseIds.isHouse(g.leaseId()), g.leaseId());
        assertEquals("", fx.single("SELECT expires_at FROM budget_leases WHERE id = ?", g.leaseId()));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aGrantIsPartialWhenLessIsLeft(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(5_000_000);

        BankGrant g = bank.grant(agent, 10_000_000, NOW, 0, false);

        assertEquals(5_000_000, g.grantedMicros());
        assertEquals(new BankAccount(agent, 5_000_000, 5_000_000, 0), g.account());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void nothingLeftGrantsNothingAndWritesNoLease(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(2_000);
        bank.grant(agent, 2_000, NOW, 0, false);

        BankGrant g = bank.grant(agent, 500, NOW, 0, false);

        assertFalse(g.granted());
        assertNull(g.leaseId());
        assertEquals(new BankAccount(agent, 2_000, 2_000, 0), g.account());
        assertEquals(1, fx.number("SELECT count(*) FROM budget_leases WHERE agent_id = ?", agent));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aGrantAddsToTheOwnersMonthlyCostAsTheReferenceDoes(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        String owner = fx.user();
        fx.usageLimit(owner, null, 400);
        long agent = fx.agentWithoutBudget(owner);
        fx.update("INSERT INTO agent_budgets (agent_id, total_allocated, total_spent, budget_remaining, created_at,"
                + " updated_at) VALUES (?, 10000, 0, 10000, 1, 1)", agent);

        bank.grant(agent, 2_500, NOW, 0, false);

        assertEquals(2_900, fx.ownerCurrentMicros(owner));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anAgentWithoutAnAccountIsSeededFromItsOwnersMonthlyLimit(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        String owner = fx.user();
        fx.usageLimit(owner, 10_000_000L, 2_500_000);
        long agent = fx.agentWithoutBudget(owner);

        BankGrant g = bank.grant(agent, 1_000_000, NOW, 0, false);

        assertEquals(1_000_000, g.grantedMicros());
        assertEquals("7500000|1000000|6500000", fx.account(agent), "seeded with 10M - 2.5M, then drew 1M");
        assertEquals(3_500_000, fx.ownerCurrentMicros(owner));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void noAccountAndNothingToSeedFromIsAnUnknownAgent(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        String unlimited = fx.user();
        fx.usageLimit(unlimited, null, 0);
        String usedUp = fx.user();
        fx.usageLimit(usedUp, 1_000L, 1_000);
        long noLimitRow = fx.agentWithoutBudget(fx.user());
        long noLimit = fx.agentWithoutBudget(unlimited);
        long noHeadroom = fx.agentWithoutBudget(usedUp);

        for (long agent : List.of(noLimitRow, noLimit, noHeadroom, 987_654_321L)) {
            UnknownAgentException e = assertThrows(UnknownAgentException.class,
                    () -> bank.grant(agent, 100, NOW, 0, false));
            assertEquals(agent, e.agentId());
        }
        assertEquals(0, fx.number("SELECT count(*) FROM agent_budgets WHERE agent_id IN (?, ?, ?)",
                noLimitRow, noLimit, noHeadroom));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRefreshClosesTheOldLeaseCreditsItsRemainderAndGrantsANewOne(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(10_000);
        String old = bank.grant(agent, 4_000, NOW, 0, false).leaseId();

        // 1_000 spent on the old lease, 3_000 unused and handed back; 6_000 + 3_000 = 9_000 left, 8_000 asked.
        BankGrant g = bank.refresh(agent, old, 1_000, 3_000, 8_000, NOW + 5, 0, false);

        assertAll(
                () -> assertEquals(8_000, g.grantedMicros()),
                () -> assertEquals(new BankAccount(agent, 10_000, 9_000, 1_000), g.account()),
                () -> assertEquals("expired|1000|3000|" + (NOW + 5), fx.single("SELECT lease_status, budget_spent,"
                        + " returned_amount, closed_at FROM budget_leases WHERE id = ?", old)),
                () -> assertEquals("active|8000|0", fx.single("SELECT lease_status, budget_granted, budget_spent"
                        + " FROM budget_leases WHERE id = ?", g.leaseId())));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRefreshThatCanGrantNothingChangesNothing(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(4_000);
        String old = bank.grant(agent, 4_000, NOW, 0, false).leaseId();

        BankGrant g = bank.refresh(agent, old, 4_000, 0, 1_000, NOW, 0, false);

        assertFalse(g.granted());
        assertEquals("4000|4000|0", fx.account(agent));
        assertEquals("active|0", fx.single("SELECT lease_status, budget_spent FROM budget_leases WHERE id = ?", old));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aReturnWritesTheFinalFiguresAndCreditsWhatCameBack(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        String owner = fx.user();
        fx.usageLimit(owner, null, 0);
        long agent = fx.agentWithoutBudget(owner);
        fx.update("INSERT INTO agent_budgets (agent_id, total_allocated, total_spent, budget_remaining, created_at,"
                + " updated_at) VALUES (?, 10000, 0, 10000, 1, 1)", agent);
        String lease = bank.grant(agent, 5_000, NOW, 0, false).leaseId();

        bank.close(new LeaseClose(agent, lease, LeaseStatus.CLOSED, 1_200, 3_800, NOW + 9, null));

        assertEquals("closed|1200|3800|" + (NOW + 9) + "|" + (NOW + 9), fx.single("SELECT lease_status, budget_spent,"
                + " returned_amount, closed_at, updated_at FROM budget_leases WHERE id = ?", lease));
        assertEquals("10000|1200|8800", fx.account(agent));
        assertEquals(1_200, fx.ownerCurrentMicros(owner), "+5000 granted, -3800 returned");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aLeaseClosesOnlyOnce(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(10_000);
        String lease = bank.grant(agent, 5_000, NOW, 0, false).leaseId();
        bank.close(new LeaseClose(agent, lease, LeaseStatus.CLOSED, 0, 5_000, NOW, null));

        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> bank.close(new LeaseClose(agent, lease, LeaseStatus.CLOSED, 0, 5_000, NOW, null)));

        assertEquals("cannot close lease " + lease + " of agent " + agent + ": it is closed", twice.getMessage());
        assertEquals("10000|0|10000", fx.account(agent), "credited once");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aLapsedLeaseCountsItsWholeGrantAsSpent(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(10_000);
        String lease = bank.grant(agent, 5_000, NOW, 1_000, false).leaseId();

        bank.close(new LeaseClose(agent, lease, LeaseStatus.EXPIRED, 5_000, 0, NOW + 2_000, null));

        assertEquals("expired|5000|0", fx.single("SELECT lease_status, budget_spent, returned_amount FROM budget_leases"
                + " WHERE id = ?", lease));
        assertEquals("10000|5000|5000", fx.account(agent));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aReclaimIsRecordedWithWhoAndWhy(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(10_000);
        String lease = bank.grant(agent, 5_000, NOW, 0, false).leaseId();

        bank.close(new LeaseClose(agent, lease, LeaseStatus.REVOKED, 700, 4_300, NOW + 1,
                new ReclaimReason("user_admin", "runaway agent").encode()));

        assertEquals("revoked|700|4300", fx.single("SELECT lease_status, budget_spent, returned_amount FROM budget_leases"
                + " WHERE id = ?", lease));
        assertEquals(agent + "|4300|runaway agent|user_admin|" + (NOW + 1), fx.single("SELECT agent_id, amount_micros,"
                + " reason, actor, created_at FROM iron_lease_reclaims WHERE lease_id = ?", lease));
        assertEquals("10000|700|9300", fx.account(agent));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aLateCreditGivesBackWhatAReservationInFlightDidNotUse(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(10_000);
        String lease = bank.grant(agent, 5_000, NOW, 0, false).leaseId();
        // Returned with 1_000 still reserved by a request in flight: 1_000 spent, 3_000 back.
        bank.close(new LeaseClose(agent, lease, LeaseStatus.CLOSED, 1_000, 3_000, NOW, null));

        bank.credit(agent, lease, 600, NOW + 3); // the request settled at 400

        assertEquals("1000|3600", fx.single("SELECT budget_spent, returned_amount FROM budget_leases WHERE id = ?", lease));
        assertEquals("10000|1400|8600", fx.account(agent));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aBudgetResetFromOutsideIsSeenAtTheNextGrant(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(10_000);
        assertEquals(10_000, bank.grant(agent, 10_000_000, NOW, 0, false).grantedMicros());
        assertFalse(bank.grant(agent, 1, NOW, 0, false).granted());

        // The seed doc's reset, made with its own connection while the server runs.
        fx.updateFromOutside("UPDATE agent_budgets SET total_spent = 0, budget_remaining = 10000 WHERE agent_id = ?", agent);

        assertEquals(10_000, bank.grant(agent, 10_000_000, NOW, 0, false).grantedMicros());
        assertEquals(new BankAccount(agent, 10_000, 10_000, 0), bank.account(agent).orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anAccountBrokenFromOutsideIsRefusedWithItsNumbers(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(10_000);
        fx.updateFromOutside("UPDATE agent_budgets SET budget_remaining = 50000 WHERE agent_id = ?", agent);

        BankInvariantException e = assertThrows(BankInvariantException.class, () -> bank.grant(agent, 100, NOW, 0, false));

        assertTrue(e.getMessage().startsWith("agent_budgets row of agent " + agent + " is inconsistent: total_allocated"
                + " 10000 != total_spent 0 + budget_remaining 50000"), e.getMessage());
        assertEquals(0, fx.number("SELECT count(*) FROM budget_leases WHERE agent_id = ?", agent));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theAgentOfALeaseAndAnAccountAreFound(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(10_000);
        String lease = bank.grant(agent, 10, NOW, 0, false).leaseId();

        assertEquals(OptionalLong.of(agent), bank.agentOfLease(lease));
        assertEquals(OptionalLong.empty(), bank.agentOfLease("lease_nope"));
        assertEquals(new BankAccount(agent, 10_000, 10, 9_990), bank.account(agent).orElseThrow());
        assertTrue(bank.account(987_654_321L).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void askingForTheAccountSeedsItLikeAHandshake(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        String owner = fx.user();
        fx.usageLimit(owner, 3_000L, 1_000);
        long agent = fx.agentWithoutBudget(owner);

        assertEquals(new BankAccount(agent, 2_000, 0, 2_000), bank.account(agent).orElseThrow());
        assertTrue(bank.account(fx.agentWithoutBudget(fx.user())).isEmpty(), "owner without a limit row: no account");
    }
}
