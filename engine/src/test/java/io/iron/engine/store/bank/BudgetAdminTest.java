package io.iron.engine.store.bank;

import java.util.List;

import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.LeaseClose;
import io.iron.engine.bank.UnknownAgentException;
import io.iron.engine.budget.LeaseStatus;
import io.iron.engine.store.SharedFixtures;
import io.iron.engine.store.StoreFixture;
import io.iron.engine.store.db.Dialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operator actions on allocations and lease rows, on both dialects. */
class BudgetAdminTest {

    private static final SharedFixtures FIXTURES = new SharedFixtures();
    private static final long NOW = 1_700_000_000_000L;

    @AfterAll
    static void closeFixtures() {
        FIXTURES.close();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void settingTheAllocationMovesOnlyWhatRemains(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        BudgetAdmin admin = new BudgetAdmin(fx.db());
        long agent = fx.agent(10_000);
        new SqlBank(fx.db()).grant(agent, 4_000, NOW, 0, false);

        assertEquals(new BankAccount(agent, 25_000, 4_000, 21_000), admin.setAllocation(agent, 25_000, NOW));
        assertEquals(new BankAccount(agent, 4_000, 4_000, 0), admin.setAllocation(agent, 4_000, NOW));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anAllocationBelowWhatIsSpentIsRefusedNamingBothNumbers(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        BudgetAdmin admin = new BudgetAdmin(fx.db());
        long agent = fx.agent(10_000);
        new SqlBank(fx.db()).grant(agent, 4_000, NOW, 0, false);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> admin.setAllocation(agent, 3_999, NOW));

        assertEquals("cannot set agent " + agent + "'s allocation to 3999 µ$: 4000 µ$ are already spent (total_spent);"
                + " the allocation must be at least 4000 µ$", e.getMessage());
        assertEquals("10000|4000|6000", fx.account(agent));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void settingAnAllocationCreatesTheAccountOfAnAgentWithoutOne(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        BudgetAdmin admin = new BudgetAdmin(fx.db());
        long agent = fx.agentWithoutBudget("user_admin");

        assertEquals(new BankAccount(agent, 7_000, 0, 7_000), admin.setAllocation(agent, 7_000, NOW));
        assertThrows(UnknownAgentException.class, () -> admin.setAllocation(987_654_321L, 7_000, NOW));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aTopUpAddsToAllocationAndRemainingAndATakeBackNeverTakesDrawnMoney(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        BudgetAdmin admin = new BudgetAdmin(fx.db());
        long agent = fx.agent(10_000);
        new SqlBank(fx.db()).grant(agent, 8_000, NOW, 0, false);

        assertEquals(new BankAccount(agent, 15_000, 8_000, 7_000), admin.topUp(agent, 5_000, NOW));
        assertEquals(new BankAccount(agent, 8_000, 8_000, 0), admin.topUp(agent, -7_000, NOW));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> admin.topUp(agent, -1, NOW));
        assertEquals("cannot take 1 µ$ from agent " + agent + ": only 0 µ$ remain (budget_remaining); the rest is drawn"
                + " into leases", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anAgentsLeasesAreListedWithEveryColumn(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        BudgetAdmin admin = new BudgetAdmin(fx.db());
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(10_000);
        String first = bank.grant(agent, 1_000, NOW, 60_000, false).leaseId();
        String second = bank.grant(agent, 2_000, NOW + 1, 0, false).leaseId();
        bank.close(new LeaseClose(agent, first, LeaseStatus.CLOSED, 300, 700, NOW + 2, null));

        List<LeaseRow> rows = admin.leases(agent);

        assertEquals(List.of(
                new LeaseRow(first, agent, agent, 1_000, 300, LeaseStatus.CLOSED, NOW, NOW + 60_000, 700, NOW + 2, NOW + 2),
                new LeaseRow(second, agent, agent, 2_000, 0, LeaseStatus.ACTIVE, NOW + 1, null, 0, null, NOW + 1)), rows);
        assertEquals(rows.get(1), admin.lease(second).orElseThrow());
        assertTrue(admin.lease("lease_nope").isEmpty());
        assertEquals(60_000, rows.get(0).ttlMillis());
    }
}
