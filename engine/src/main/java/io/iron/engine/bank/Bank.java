package io.iron.engine.bank;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The agents' durable accounts and lease rows. Every method is one atomic transaction. Implementations: in memory
 * (tests, benchmarks), SQLite and PostgreSQL (a grant there is one conditional {@code UPDATE ... WHERE
 * budget_remaining > 0}, so several gateway nodes never over-grant), and a remote control server (the edge proxy).
 * Only the agent's actor calls the lease methods, so one agent's calls never race within one node.
 */
public interface Bank {

    /**
     * Draws {@code min(requested, remaining)} into a new lease; 0 granted creates nothing. {@code house} marks the
     * lease the built-in proxy spends (its id starts with {@link LeaseIds#HOUSE_PREFIX}).
     */
    BankGrant grant(long agentId, long requestedMicros, long nowMillis, long ttlMillis, boolean house);

    /**
     * Closes {@code oldLeaseId} as refreshed, credits its {@code creditMicros} remainder, and grants a new lease out
     * of the result, all at once. When nothing can be granted nothing changes and the old lease stays active.
     */
    BankGrant refresh(long agentId, String oldLeaseId, long oldSpentMicros, long creditMicros, long requestedMicros,
                      long nowMillis, long ttlMillis, boolean house);

    /** Writes a lease's final figures and credits what it gave back. */
    void close(LeaseClose close);

    /** Credits money freed after a lease closed (a reservation in flight that settled below its amount). */
    void credit(long agentId, String leaseId, long amountMicros, long nowMillis);

    /** The account, or empty when the agent has none. */
    Optional<BankAccount> account(long agentId);

    /** Which agent a lease belongs to (the report and return endpoints carry only a lease id). */
    OptionalLong agentOfLease(String leaseId);
}
