package io.iron.perf.http;

import java.util.Arrays;

/** Recorded latencies of one kind (nanoseconds), kept whole: a run records at most a few million. */
final class Latencies {
    private long[] nanos = new long[1 << 16];
    private int count;

    void add(long n) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = n;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.count; i++) {
            add(other.nanos[i]);
        }
    }

    int count() {
        return count;
    }

    /** Percentile in milliseconds (nearest rank), after {@link #sort()}. */
    double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * count);
        return nanos[Math.min(count, Math.max(1, rank)) - 1] / 1e6;
    }

    void sort() {
        Arrays.sort(nanos, 0, count);
    }
}
