package io.iron.engine.actor;

import io.iron.engine.budget.SettleResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** A stopped gateway holds no money: closing the registry hands every house lease back to the bank. */
class ActorShutdownTest {

    @Test
    void closingTheRegistryReturnsTheHouseLeaseRemainder() {
        LedgerHarness h = new LedgerHarness(ActorOptions.defaults(), true);
        h.bank.open(1, 10_000);
        var reserved = assertInstanceOf(Outcomes.Reserved.class,
                h.registry.ask(1, new AgentCommand.Reserve(null, 318)));
        SettleResult s = h.registry.ask(1, new AgentCommand.Settle(reserved.leaseId(), reserved.reservationId(), 301));
        assertEquals(301, s.chargedMicros());
        assertEquals(0, h.bank.account(1).orElseThrow().remainingMicros(), "the house lease drew everything");

        h.registry.close();

        var account = h.bank.account(1).orElseThrow();
        assertEquals(10_000 - 301, account.remainingMicros());
        assertEquals(301, account.drawnMicros());
    }
}
