package io.iron.perf.engine.baseline;

import io.iron.perf.engine.PairLedger;

/**
 * Baseline: per agent one object with limit, spent and reserved, guarded by its monitor. Same blocking rule as the
 * reference CostController and the actors: exhausted when {@code spent + reserved >= limit}, and a reservation
 * above {@code limit - spent - reserved} is refused.
 */
public final class SynchronizedLedger implements PairLedger {
    private final Account[] accounts;

    public SynchronizedLedger(int agents, long limitMicros) {
        accounts = new Account[agents];
        for (int a = 0; a < agents; a++) {
            accounts[a] = new Account(limitMicros);
        }
    }

    private static final class Account {
        private final long limitMicros;
        private long spentMicros;
        private long reservedMicros;

        Account(long limitMicros) {
            this.limitMicros = limitMicros;
        }

        synchronized boolean reserve(long amountMicros) {
            if (spentMicros + reservedMicros >= limitMicros
                    || amountMicros > limitMicros - spentMicros - reservedMicros) {
                return false;
            }
            reservedMicros += amountMicros;
            return true;
        }

        synchronized void commit(long reservedAmountMicros, long actualMicros) {
            spentMicros += actualMicros;
            reservedMicros -= reservedAmountMicros;
        }

        synchronized long spent() {
            return spentMicros;
        }

        synchronized long reserved() {
            return reservedMicros;
        }
    }

    @Override
    public Hold reserve(int agent, long amountMicros) {
        if (!accounts[agent].reserve(amountMicros)) {
            throw new IllegalStateException("agent " + agent + " blocked reserving " + amountMicros + " µ$");
        }
        return new Hold(agent, null, 0, amountMicros);
    }

    @Override
    public void settle(Hold hold, long actualMicros) {
        accounts[hold.agent()].commit(hold.reservedMicros(), actualMicros);
    }

    @Override
    public long spentMicros() {
        long s = 0;
        for (Account a : accounts) {
            s += a.spent();
        }
        return s;
    }

    @Override
    public long reservedMicros() {
        long s = 0;
        for (Account a : accounts) {
            s += a.reserved();
        }
        return s;
    }

    @Override
    public void close() {
    }
}
