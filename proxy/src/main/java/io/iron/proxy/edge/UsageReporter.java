package io.iron.proxy.edge;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends usage reports to the control server in the background, off the request path, one at a time, retrying
 * with backoff while the server is unreachable (the request id makes a retry harmless, D10). A report the server
 * refuses for good (its lease was returned or refreshed meanwhile) is dropped: the return already declared it.
 * The queue is bounded; when it is full the oldest reports wait and the call does not (a dropped report only
 * delays the server's view, the lease return still declares every settled micro).
 */
final class UsageReporter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UsageReporter.class.getName());
    private static final int CAPACITY = 100_000;

    record Report(String leaseId, String requestId, long tokens, long costMicros, String model, String provider) {
    }

    private final ControlClient control;
    private final BlockingQueue<Report> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread worker;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;
    private volatile long inFlight;

    UsageReporter(ControlClient control) {
        this.control = control;
        this.worker = Thread.ofVirtual().name("edge-usage-reporter").start(this::run);
    }

    void enqueue(Report r) {
        if (!queue.offer(r)) {
            dropped.incrementAndGet();
            LOG.log(Level.WARNING, "edge: report queue full; report " + r.requestId() + " of " + r.leaseId()
                    + " not sent (the lease return declares it)");
        }
    }

    long delivered() {
        return delivered.get();
    }

    /** Waits until every queued report was sent or refused, at most {@code bound}. */
    boolean awaitEmpty(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!queue.isEmpty() || inFlight > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void run() {
        while (!closing || !queue.isEmpty()) {
            Report r;
            try {
                r = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (r == null) {
                continue;
            }
            inFlight = 1;
            try {
                send(r);
            } finally {
                inFlight = 0;
            }
        }
    }

    private void send(Report r) {
        long backoffMillis = 100;
        for (int attempt = 1; ; attempt++) {
            switch (control.report(r.leaseId(), r.requestId(), r.tokens(), r.costMicros(), r.model(),
                    r.provider())) {
                case ACCEPTED -> {
                    delivered.incrementAndGet();
                    return;
                }
                case REFUSED -> {
                    dropped.incrementAndGet();
                    return;
                }
                case RETRY -> {
                    if (closing && attempt >= 3) {
                        dropped.incrementAndGet();
                        return;
                    }
                    try {
                        Thread.sleep(backoffMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                    backoffMillis = Math.min(5_000, backoffMillis * 2);
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            worker.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.interrupt();
    }
}
