package io.iron.engine.actor;

import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.InMemoryBank;
import io.iron.engine.budget.Closing;
import io.iron.engine.budget.LeaseStatus;
import io.iron.engine.budget.ReportResult;
import io.iron.engine.budget.SettleResult;
import io.iron.engine.journal.InMemoryJournal;
import io.iron.engine.journal.InMemoryLedgerStore;
import io.iron.engine.journal.JournalRecord;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A registry over an in-memory bank and journal, plus the checks every test makes: no lease over its grant, bank
 * totals exact, the journal's settlements add up to what the leases spent, nothing counted twice or lost.
 */
final class LedgerHarness implements AutoCloseable {
    final InMemoryBank bank = new InMemoryBank();
    final InMemoryJournal journal = new InMemoryJournal();
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final ActorRegistry registry;

    LedgerHarness(ActorOptions options, boolean serialized) {
        this.registry = serialized
                ? new ActorRegistry(bank, journal, new InMemoryLedgerStore(), options, clock::get)
                : ActorRegistry.withoutSerializationForTests(bank, journal, new InMemoryLedgerStore(), options);
    }

    LedgerHarness(ActorOptions options) {
        this(options, !Boolean.getBoolean("iron.test.unserialized"));
    }

    /** Charged amounts per the journal: settlements, reports, and spend declared when leases closed. */
    long journalChargedMicros(long agentId) {
        long sum = 0;
        for (JournalRecord r : journal.records()) {
            if (r.agentId() == agentId) {
                switch (r.kind()) {
                    case SETTLE, REPORT, CLOSE, EXPIRE, RECLAIM -> sum += r.amountMicros();
                    default -> { }
                }
            }
        }
        return sum;
    }

    /** Every invariant of one agent, as seen from outside its actor. */
    Outcomes.AgentUsage checkAgent(long agentId, long allocatedMicros) {
        Outcomes.AgentUsage u = registry.ask(agentId, new AgentCommand.Usage());
        BankAccount a = u.account();
        assertEquals(allocatedMicros, a.allocatedMicros(), "allocation changed");
        assertEquals(a.allocatedMicros(), a.drawnMicros() + a.remainingMicros(), "bank identity");
        assertTrue(a.remainingMicros() >= 0, "bank remaining negative: " + a);
        long spent = 0;
        long drawnByLeases = 0;
        for (Outcomes.LeaseView l : u.leases()) {
            assertTrue(l.spentMicros() + l.reservedMicros() <= l.grantedMicros(), "lease over its grant: " + l);
            spent += l.spentMicros();
            InMemoryBank.LeaseRow row = bank.leaseRow(l.leaseId()).orElseThrow();
            drawnByLeases += row.status() == LeaseStatus.ACTIVE ? l.grantedMicros()
                    : row.grantedMicros() - row.returnedMicros();
        }
        assertEquals(a.drawnMicros(), drawnByLeases, "bank drawn != sum over leases of granted - returned");
        assertEquals(u.spentMicros(), spent, "usage spent != sum of lease spent");
        assertEquals(journalChargedMicros(agentId), spent, "journal charges != lease spent (lost or double)");
        assertTrue(spent + u.reservedMicros() <= allocatedMicros, "spent + reserved over the allocation");
        return u;
    }

    static long charged(Object result) {
        if (result == null) {
            return 0;
        }
        return switch (result) {
            case SettleResult s -> s.chargedMicros();
            case ReportResult.Charged c -> c.costMicros();
            case Closing c -> c.declaredMicros();
            default -> 0;
        };
    }

    static List<Long> ids(long n) {
        return java.util.stream.LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Override
    public void close() {
        registry.close();
    }
}
