package io.iron.perf.engine;

/** A benchmark that quietly lost money would measure nothing: every trial ends with this check. */
final class Checks {
    private Checks() {
    }

    /** Nothing left reserved, and everything spent is a whole number of settlements. */
    static void settledCleanly(PairLedger ledger, String impl) {
        long reserved = ledger.reservedMicros();
        long spent = ledger.spentMicros();
        if (reserved != 0 || spent <= 0 || spent % PairBench.ACTUAL_MICROS != 0) {
            throw new IllegalStateException(impl + ": after the run reserved " + reserved + " µ$ (want 0), spent "
                    + spent + " µ$ (want a positive multiple of " + PairBench.ACTUAL_MICROS + ")");
        }
    }
}
