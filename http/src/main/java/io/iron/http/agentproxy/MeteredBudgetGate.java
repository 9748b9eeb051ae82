package io.iron.http.agentproxy;

import io.iron.http.observe.ServerMetrics;
import io.iron.proxy.budget.Admission;
import io.iron.proxy.budget.BudgetGate;
import io.iron.proxy.budget.CallFacts;
import io.iron.proxy.budget.Hold;

import java.util.OptionalLong;

/** Counts the proxy's reservations, settlements and blocks in the server's Prometheus metrics. */
final class MeteredBudgetGate implements BudgetGate {
    private final BudgetGate gate;
    private final ServerMetrics metrics;

    MeteredBudgetGate(BudgetGate gate, ServerMetrics metrics) {
        this.gate = gate;
        this.metrics = metrics;
    }

    @Override
    public Admission reserve(long agentId, long amountMicros) {
        Admission a = gate.reserve(agentId, amountMicros);
        switch (a) {
            case Admission.Admitted ok -> metrics.reservation("admitted", amountMicros);
            case Admission.Exhausted x -> {
                metrics.reservation("exhausted", 0);
                metrics.blocked("budget_exceeded");
            }
            case Admission.Insufficient i -> {
                metrics.reservation("insufficient", 0);
                metrics.blocked("insufficient_budget");
            }
        }
        return a;
    }

    @Override
    public long settle(Hold hold, long actualMicros) {
        long charged = gate.settle(hold, actualMicros);
        metrics.settlement(charged, Math.max(0, actualMicros - charged));
        return charged;
    }

    @Override
    public long settle(Hold hold, long actualMicros, CallFacts facts) {
        long charged = gate.settle(hold, actualMicros, facts);
        metrics.settlement(charged, Math.max(0, actualMicros - charged));
        return charged;
    }

    @Override
    public void release(Hold hold) {
        gate.release(hold);
        metrics.reservation("released", 0);
    }

    @Override
    public OptionalLong remainingMicros(Hold hold, long chargedMicros) {
        return gate.remainingMicros(hold, chargedMicros);
    }
}
