package io.iron.perf.engine;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One op = one reserve→settle pair on a random agent, called directly by the JMH thread (a platform thread that
 * waits for each answer). Throughput mode gives pairs/s; SampleTime gives the latency of one pair. The three
 * methods differ only in the number of caller threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class PairBench {
    /** A request's upper bound, reserved first. */
    public static final long RESERVE_MICROS = 315;
    /** What the request turned out to cost. */
    public static final long ACTUAL_MICROS = 301;
    /** Per agent: about 3·10^12 pairs before anything could block, far beyond any run. */
    public static final long BUDGET_MICROS = 1_000_000_000_000_000L;

    @Param({"1", "16", "1000"})
    public int agents;

    @Param({"actor", "synchronized", "cas"})
    public String impl;

    private PairLedger ledger;

    @Setup(Level.Trial)
    public void setUp() {
        ledger = PairLedger.create(impl, agents, BUDGET_MICROS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            Checks.settledCleanly(ledger, impl);
        } finally {
            ledger.close();
        }
    }

    @Benchmark
    @Threads(2)
    public long threads02() {
        return pair();
    }

    @Benchmark
    @Threads(8)
    public long threads08() {
        return pair();
    }

    @Benchmark
    @Threads(64)
    public long threads64() {
        return pair();
    }

    private long pair() {
        int agent = ThreadLocalRandom.current().nextInt(agents);
        PairLedger.Hold hold = ledger.reserve(agent, RESERVE_MICROS);
        ledger.settle(hold, ACTUAL_MICROS);
        return hold.reservationId();
    }
}
