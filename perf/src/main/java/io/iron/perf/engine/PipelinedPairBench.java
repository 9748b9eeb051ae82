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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The actors as the gateway really drives them: many requests in flight per caller. One op = {@value #PAIRS_PER_OP}
 * reserve→settle pairs on random agents, all sent at once through {@code send} futures, then awaited; so
 * pairs/s = {@value #PAIRS_PER_OP} × ops/s. (The baselines are synchronous: pipelining cannot change what they do,
 * so they are only measured in {@link PairBench}.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class PipelinedPairBench {
    public static final int PAIRS_PER_OP = 64;

    @Param({"1", "16", "1000"})
    public int agents;

    @Param({"actor"})
    public String impl;

    private PairLedger ledger;

    @Setup(Level.Trial)
    public void setUp() {
        ledger = PairLedger.create(impl, agents, PairBench.BUDGET_MICROS);
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
    public void threads02() {
        pairs();
    }

    @Benchmark
    @Threads(8)
    public void threads08() {
        pairs();
    }

    @Benchmark
    @Threads(64)
    public void threads64() {
        pairs();
    }

    private void pairs() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        CompletableFuture<?>[] inFlight = new CompletableFuture<?>[PAIRS_PER_OP];
        for (int i = 0; i < PAIRS_PER_OP; i++) {
            inFlight[i] = ledger.pairAsync(random.nextInt(agents), PairBench.RESERVE_MICROS, PairBench.ACTUAL_MICROS);
        }
        for (CompletableFuture<?> f : inFlight) {
            f.join();
        }
    }
}
