package io.iron.proxy.budget;

import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.bank.Bank;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.BankGrant;
import io.iron.engine.bank.InMemoryBank;
import io.iron.engine.bank.LeaseClose;
import io.iron.engine.journal.InMemoryJournal;
import io.iron.engine.journal.InMemoryLedgerStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remaining-budget snapshot: right figures, and the bank read once per house lease rather than per call. */
class ActorBudgetGateTest {
    private static final long AGENT = 7;
    private final InMemoryBank bank = new InMemoryBank();
    private final CountingBank counted = new CountingBank(bank);
    private final ActorRegistry actors;
    private final ActorBudgetGate gate;

    ActorBudgetGateTest() {
        bank.open(AGENT, 10_000_000);
        actors = new ActorRegistry(bank, new InMemoryJournal(), new InMemoryLedgerStore(), ActorOptions.defaults());
        gate = new ActorBudgetGate(actors, counted);
    }

    @AfterEach
    void close() {
        actors.close();
    }

    private Hold reserve(long micros) {
        return assertInstanceOf(Admission.Admitted.class, gate.reserve(AGENT, micros)).hold();
    }

    @Test
    void remainingIsTheBankPlusTheHouseLeaseAndTheBankIsReadOncePerLease() {
        Hold first = reserve(1_000);
        assertEquals(OptionalLong.of(10_000_000 - 1_000), gate.remainingMicros(first, -1), "while held");
        gate.settle(first, 400);
        assertEquals(OptionalLong.of(10_000_000 - 400), gate.remainingMicros(first, 400), "once settled");
        Hold second = reserve(2_000);
        gate.settle(second, 2_000);
        assertEquals(second.leaseId(), first.leaseId(), "both on the house lease");
        assertEquals(OptionalLong.of(10_000_000 - 2_400), gate.remainingMicros(second, 2_000));
        assertEquals(1, counted.reads.get(), "one bank read for three snapshots on one lease");
    }

    @Test
    void aNewHouseLeaseReadsTheBankAgain() {
        Hold first = reserve(1_000);
        gate.settle(first, 1_000);
        gate.remainingMicros(first, 1_000);
        bank.topUp(AGENT, 5_000_000);
        Hold onAnotherLease = new Hold(AGENT, first.leaseId() + "-next", 99, 0, first.leaseAvailableMicros());

        OptionalLong r = gate.remainingMicros(onAnotherLease, 0);

        assertEquals(2, counted.reads.get());
        assertTrue(r.isPresent());
        assertEquals(15_000_000 - 1_000, r.getAsLong(), "the top-up is seen with the new lease");
    }

    @Test
    void anAgentWithoutAnAccountHasNoSnapshot() {
        Hold stranger = new Hold(AGENT + 1, "house-x", 1, 10, 0);
        assertEquals(OptionalLong.empty(), gate.remainingMicros(stranger, 10));
        assertEquals(OptionalLong.empty(), gate.remainingMicros(stranger, 10));
        assertEquals(1, counted.reads.get(), "no account is remembered too");
    }

    /** The bank, counting reads of accounts. */
    private static final class CountingBank implements Bank {
        private final Bank bank;
        final AtomicInteger reads = new AtomicInteger();

        CountingBank(Bank bank) {
            this.bank = bank;
        }

        @Override
        public BankGrant grant(long agentId, long requestedMicros, long nowMillis, long ttlMillis, boolean house) {
            return bank.grant(agentId, requestedMicros, nowMillis, ttlMillis, house);
        }

        @Override
        public BankGrant refresh(long agentId, String oldLeaseId, long oldSpentMicros, long creditMicros,
                                 long requestedMicros, long nowMillis, long ttlMillis, boolean house) {
            return bank.refresh(agentId, oldLeaseId, oldSpentMicros, creditMicros, requestedMicros, nowMillis,
                    ttlMillis, house);
        }

        @Override
        public void close(LeaseClose close) {
            bank.close(close);
        }

        @Override
        public void credit(long agentId, String leaseId, long amountMicros, long nowMillis) {
            bank.credit(agentId, leaseId, amountMicros, nowMillis);
        }

        @Override
        public Optional<BankAccount> account(long agentId) {
            reads.incrementAndGet();
            return bank.account(agentId);
        }

        @Override
        public OptionalLong agentOfLease(String leaseId) {
            return bank.agentOfLease(leaseId);
        }
    }
}
