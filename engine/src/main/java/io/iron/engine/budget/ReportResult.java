package io.iron.engine.budget;

/** Outcome of {@link AgentLedger#report}. */
public sealed interface ReportResult {

    /** Charged to the lease. */
    record Charged(String leaseId, String requestId, long costMicros, long leaseAvailableMicros)
            implements ReportResult { }

    /** Same {@code request_id} seen before on this lease: nothing charged, answer as before (D10). */
    record Replayed(String leaseId, String requestId, long costMicros) implements ReportResult { }

    /** 403 "Insufficient lease budget": nothing recorded. */
    record Insufficient(long leaseAvailableMicros, long costMicros) implements ReportResult { }

    /** 404 / 403 per {@link LeaseProblem}. */
    record LeaseUnusable(String leaseId, LeaseProblem problem) implements ReportResult { }
}
