package io.iron.perf.engine.baseline;

import io.iron.perf.engine.PairLedger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Baseline: the reference CostController (PROTOCOL.md §3.3) per agent: three atomic counters, lock-free.
 * Reserve is a CAS loop on {@code reserved} checking {@code limit - spent - reserved}; commit adds the actual cost
 * to {@code spent} first, then takes the reservation off {@code reserved} (the brief double count errs on blocking).
 */
public final class CasLedger implements PairLedger {
    private final Controller[] controllers;

    public CasLedger(int agents, long limitMicros) {
        controllers = new Controller[agents];
        for (int a = 0; a < agents; a++) {
            controllers[a] = new Controller(limitMicros);
        }
    }

    private static final class Controller {
        final AtomicLong limitMicros;
        final AtomicLong spentMicros = new AtomicLong();
        final AtomicLong reservedMicros = new AtomicLong();

        Controller(long limitMicros) {
            this.limitMicros = new AtomicLong(limitMicros);
        }

        boolean reserve(long amountMicros) {
            while (true) {
                long reserved = reservedMicros.get();
                long spent = spentMicros.get();
                long limit = limitMicros.get();
                if (spent + reserved >= limit || amountMicros > Math.max(0, limit - spent - reserved)) {
                    return false;
                }
                if (reservedMicros.compareAndSet(reserved, reserved + amountMicros)) {
                    return true;
                }
            }
        }

        void commit(long reservedAmountMicros, long actualMicros) {
            spentMicros.addAndGet(actualMicros);
            reservedMicros.addAndGet(-reservedAmountMicros);
        }
    }

    @Override
    public Hold reserve(int agent, long amountMicros) {
        if (!controllers[agent].reserve(amountMicros)) {
            throw new IllegalStateException("agent " + agent + " blocked reserving " + amountMicros + " µ$");
        }
        return new Hold(agent, null, 0, amountMicros);
    }

    @Override
    public void settle(Hold hold, long actualMicros) {
        controllers[hold.agent()].commit(hold.reservedMicros(), actualMicros);
    }

    @Override
    public long spentMicros() {
        long s = 0;
        for (Controller c : controllers) {
            s += c.spentMicros.get();
        }
        return s;
    }

    @Override
    public long reservedMicros() {
        long s = 0;
        for (Controller c : controllers) {
            s += c.reservedMicros.get();
        }
        return s;
    }

    @Override
    public void close() {
    }
}
