package io.iron.proxy.edge;

import io.iron.proxy.budget.Admission;
import io.iron.proxy.budget.BudgetGate;
import io.iron.proxy.budget.CallFacts;
import io.iron.proxy.budget.Hold;

import java.util.OptionalLong;

/** The edge's gate: the local actors' gate, plus a usage report for every settled call. */
final class ReportingGate implements BudgetGate {
    private final BudgetGate local;
    private final RemoteBank bank;
    private final UsageReporter reporter;

    ReportingGate(BudgetGate local, RemoteBank bank, UsageReporter reporter) {
        this.local = local;
        this.bank = bank;
        this.reporter = reporter;
    }

    @Override
    public Admission reserve(long agentId, long amountMicros) {
        Admission a = local.reserve(agentId, amountMicros);
        if (a instanceof Admission.Admitted admitted) {
            bank.prefetchIfLow(admitted.hold().leaseAvailableMicros());
        }
        return a;
    }

    @Override
    public long settle(Hold hold, long actualMicros) {
        return settle(hold, actualMicros, new CallFacts("unknown", "unknown", 1));
    }

    @Override
    public long settle(Hold hold, long actualMicros, CallFacts facts) {
        long charged = local.settle(hold, actualMicros, facts);
        String serverLeaseId = bank.serverId(hold.leaseId());
        if (serverLeaseId != null) { // else the lease was returned already, declaring this call as spent
            reporter.enqueue(new UsageReporter.Report(serverLeaseId, "res_" + hold.reservationId(),
                    Math.max(1, facts.tokens()), charged, facts.model(), facts.provider()));
        }
        return charged;
    }

    @Override
    public void release(Hold hold) {
        local.release(hold);
    }

    @Override
    public OptionalLong remainingMicros(Hold hold, long chargedMicros) {
        return local.remainingMicros(hold, chargedMicros);
    }
}
