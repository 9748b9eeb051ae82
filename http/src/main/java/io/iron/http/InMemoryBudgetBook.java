package io.iron.http;

import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.InMemoryBank;
import io.iron.engine.bank.UnknownAgentException;
import io.iron.engine.budget.LeaseStatus;

import java.util.Optional;

/** {@link BudgetBook} over an {@link InMemoryBank} (tests and benchmarks that keep money in memory). */
public final class InMemoryBudgetBook implements BudgetBook {
    private final InMemoryBank bank;

    public InMemoryBudgetBook(InMemoryBank bank) {
        this.bank = bank;
    }

    @Override
    public boolean open(long agentId, long allocatedMicros, long nowMillis) {
        synchronized (bank) {
            if (bank.account(agentId).isPresent()) {
                return false;
            }
            bank.open(agentId, allocatedMicros);
            return true;
        }
    }

    @Override
    public BankAccount setAllocation(long agentId, long allocatedMicros, long nowMillis) {
        synchronized (bank) {
            BankAccount a = bank.account(agentId).orElseThrow(() -> new UnknownAgentException(agentId));
            if (allocatedMicros < a.drawnMicros()) {
                throw new IllegalArgumentException("total_allocated " + allocatedMicros + " is below what agent "
                        + agentId + " has already drawn (" + a.drawnMicros() + " µ$)");
            }
            return bank.topUp(agentId, allocatedMicros - a.allocatedMicros());
        }
    }

    @Override
    public BankAccount topUp(long agentId, long deltaMicros, long nowMillis) {
        if (deltaMicros <= 0) {
            throw new IllegalArgumentException("a top-up must be positive, was " + deltaMicros);
        }
        synchronized (bank) {
            bank.account(agentId).orElseThrow(() -> new UnknownAgentException(agentId));
            return bank.topUp(agentId, deltaMicros);
        }
    }

    @Override
    public Optional<LeaseStatus> leaseStatus(String leaseId) {
        return bank.leaseRow(leaseId).map(InMemoryBank.LeaseRow::status);
    }
}
