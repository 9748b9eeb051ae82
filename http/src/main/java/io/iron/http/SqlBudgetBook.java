package io.iron.http;

import io.iron.engine.bank.BankAccount;
import io.iron.engine.budget.LeaseStatus;
import io.iron.engine.store.bank.BudgetAdmin;
import io.iron.engine.store.bank.LeaseRow;
import io.iron.engine.store.directory.Directory;

import java.util.Optional;

/** {@link BudgetBook} over the database: the store's {@link BudgetAdmin} and the directory's account opening. */
public final class SqlBudgetBook implements BudgetBook {
    private final BudgetAdmin admin;
    private final Directory directory;

    public SqlBudgetBook(BudgetAdmin admin, Directory directory) {
        this.admin = admin;
        this.directory = directory;
    }

    @Override
    public boolean open(long agentId, long allocatedMicros, long nowMillis) {
        return directory.agents().openBudget(agentId, allocatedMicros, nowMillis);
    }

    @Override
    public BankAccount setAllocation(long agentId, long allocatedMicros, long nowMillis) {
        return admin.setAllocation(agentId, allocatedMicros, nowMillis);
    }

    @Override
    public BankAccount topUp(long agentId, long deltaMicros, long nowMillis) {
        if (deltaMicros <= 0) {
            throw new IllegalArgumentException("a top-up must be positive, was " + deltaMicros);
        }
        return admin.topUp(agentId, deltaMicros, nowMillis);
    }

    @Override
    public Optional<LeaseStatus> leaseStatus(String leaseId) {
        return admin.lease(leaseId).map(LeaseRow::status);
    }
}
