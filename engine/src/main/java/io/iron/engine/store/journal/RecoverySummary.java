package io.iron.engine.store.journal;

/**
 * What a recovery found: {@code reservations} reservations that were in flight (a 'reserve' without its 'settle' or
 * 'release') on {@code leases} leases, now settled at their full amount, {@code micros} µ$ in all (D14);
 * {@code lateCredits} closed leases whose unused remainder a crash kept from going back, {@code lateCreditMicros} µ$
 * now credited.
 */
public record RecoverySummary(int leases, int reservations, long micros, int lateCredits, long lateCreditMicros) {

    @Override
    public String toString() {
        return "recovered " + leases + " leases, " + reservations + " in-flight reservations counted at full amount, "
                + micros + " µ$; " + lateCredits + " late credits completed, " + lateCreditMicros + " µ$";
    }
}
