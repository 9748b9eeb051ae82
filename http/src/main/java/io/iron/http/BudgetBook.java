package io.iron.http;

import io.iron.engine.bank.BankAccount;
import io.iron.engine.budget.LeaseStatus;

import java.util.Optional;

/**
 * The operator's side of the bank: opening a new agent's account and changing its allocation. Each call is one
 * atomic step on the account (a conditional UPDATE in SQL), so it can run while the agent's actor draws leases.
 *
 * <p>Errors: {@link io.iron.engine.bank.UnknownAgentException} when the agent has no account;
 * {@link IllegalArgumentException} (message names the amount) when a change would leave less than was already drawn.
 */
public interface BudgetBook {

    /** Opens the account of an agent that has none, all of {@code allocatedMicros} remaining; false if it had one. */
    boolean open(long agentId, long allocatedMicros, long nowMillis);

    /** Sets {@code total_allocated}; {@code budget_remaining} becomes allocated minus drawn. Never below drawn. */
    BankAccount setAllocation(long agentId, long allocatedMicros, long nowMillis);

    /** Adds {@code deltaMicros} (> 0) to both allocated and remaining. */
    BankAccount topUp(long agentId, long deltaMicros, long nowMillis);

    /**
     * The status recorded on a lease's row. Actors keep closed leases in memory only until they passivate; this
     * tells a report or return on an old lease whether it was returned, refreshed, lapsed or reclaimed.
     */
    Optional<LeaseStatus> leaseStatus(String leaseId);
}
