package io.iron.http;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Real time plus an offset that a test can move forward (to let a lease's time to live run out). */
public final class TestClock implements LongSupplier {
    private final AtomicLong offsetMillis = new AtomicLong();

    @Override
    public long getAsLong() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    public void advance(java.time.Duration d) {
        offsetMillis.addAndGet(d.toMillis());
    }
}
