package io.iron.http.admin;

import io.iron.engine.bank.BankAccount;

import java.util.List;

/** The admin API's bodies. Amounts in µ$ ({@code _microdollars}), times in ms unless a name says seconds. */
public final class Views {
    private Views() {
    }

    /** An agent's account, the reference's {@code agent_budgets} names ({@code total_spent} = drawn into leases). */
    public record Budget(long agentId, long totalAllocated, long totalSpent, long budgetRemaining) {
        static Budget of(BankAccount a) {
            return a == null ? null : new Budget(a.agentId(), a.allocatedMicros(), a.drawnMicros(),
                    a.remainingMicros());
        }
    }

    public record Agent(long id, String name, List<String> providers, long createdAt, String ownerId,
                        Long providerKeyId, boolean hasIcToken, Long icTokenCreatedAt, Budget budget) { }

    /** A new agent and its IC token (shown once; only its hash is stored). */
    public record CreatedAgent(Agent agent, String icToken, String warning) { }

    public record IcToken(long agentId, String icToken, long createdAt, Boolean oldTokenInvalidated, String warning) { }

    public record IcTokenStatus(long agentId, boolean hasIcToken, Long createdAt) { }

    /** A provider key as the API shows it: masked, never in plaintext. */
    public record ProviderKey(long id, String provider, String baseUrl, String description, boolean isEnabled,
                              long createdAt, Long lastUsedAt, String maskedKey) { }

    public record Lease(String leaseId, String status, long grantedMicrodollars, long spentMicrodollars,
                        long reservedMicrodollars, Long expiresAt, boolean house) { }

    /** Per-agent usage: the account, and what the agent's leases hold right now. */
    public record Usage(long agentId, String name, Long allocatedMicrodollars, Long drawnMicrodollars,
                        Long remainingMicrodollars, long spentMicrodollars, long reservedMicrodollars,
                        int openLeaseCount, List<Lease> openLeases) { }

    public record Reclaimed(String leaseId, long agentId, long returnedMicrodollars, long spentMicrodollars,
                            String reason) { }
}
