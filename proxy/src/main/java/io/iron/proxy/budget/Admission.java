package io.iron.proxy.budget;

/** What {@link BudgetGate#reserve} answers. The two refusals are the reference's two 402s (PROTOCOL §3.2). */
public sealed interface Admission {

    /** Reserved: forward the call, then settle or release {@code hold}. */
    record Admitted(Hold hold) implements Admission { }

    /** {@code budget_exceeded}: nothing is left, {@code spent + reserved >= limit}. */
    record Exhausted(long spentMicros, long reservedMicros, long limitMicros) implements Admission { }

    /** {@code insufficient_budget}: the call's upper bound is above what is available now. */
    record Insufficient(long availableMicros, long requestedMicros) implements Admission { }
}
