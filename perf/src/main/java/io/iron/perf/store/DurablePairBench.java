package io.iron.perf.store;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.budget.SettleResult;
import io.iron.engine.store.bank.SqlBank;
import io.iron.engine.store.bank.Transactions;
import io.iron.engine.store.journal.DbLedgerStore;
import io.iron.engine.store.journal.GroupCommitJournal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Durable reserve→settle pairs per second on SQLite, two ways, same file layout, same callers:
 * <ul>
 *   <li>{@code groupCommit}: Iron's path. Callers (virtual threads, {@code inFlight} at once) ask each agent's actor
 *       to reserve then settle on the agent's lease; each answer waits until the journal writer has committed the
 *       record, many actors' records per transaction.</li>
 *   <li>{@code perOperationBaseline}: what the reference does, one database transaction per operation (UPDATE the
 *       lease row + INSERT the journal record, commit), so every operation pays its own commit.</li>
 * </ul>
 * Score: pairs per second (each invocation runs many pairs). Latency percentiles of single pairs go to
 * {@code -Diron.perf.latencyDir} for {@link DurableReport}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 5)
public class DurablePairBench {

    static final int GROUP_PAIRS = 32_768;
    static final int BASELINE_PAIRS = 512;
    static final long RESERVE_MICROS = 1_000;
    static final long ACTUAL_MICROS = 800;

    /** Common knobs: SQLite synchronous mode, agents, callers in flight. */
    @State(Scope.Benchmark)
    public static class Knobs {
        @Param({"full"})
        public String sync;
        @Param({"1000"})
        public int agents;
        @Param({"512"})
        public int inFlight;

        LatencyRecorder latency = new LatencyRecorder(4_000_000);

        boolean full() {
            return sync.equals("full");
        }

        @Setup(Level.Iteration)
        public void startIteration(IterationParams iteration) {
            latency.recording(iteration.getType() == IterationType.MEASUREMENT);
        }

        @TearDown(Level.Trial)
        public void writeLatency(BenchmarkParams params) {
            String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            latency.writeFor(method + "-" + sync + "-" + agents + "-" + inFlight);
        }

        /** Runs {@code pairs} pairs on {@code inFlight} virtual threads; each thread takes the next pair as it frees. */
        void run(int pairs, Pair pair) throws InterruptedException {
            AtomicInteger tickets = new AtomicInteger(pairs);
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            List<Thread> callers = new ArrayList<>(inFlight);
            for (int t = 0; t < inFlight; t++) {
                callers.add(Thread.ofVirtual().start(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (tickets.getAndDecrement() > 0) {
                        int agent = rnd.nextInt(agents);
                        long t0 = System.nanoTime();
                        try {
                            pair.run(agent);
                        } catch (RuntimeException | Error e) {
                            failure.compareAndSet(null, e);
                            tickets.set(0); // a failed pair fails the measurement; the others stop too
                            return;
                        }
                        latency.add(System.nanoTime() - t0);
                    }
                }));
            }
            for (Thread t : callers) {
                t.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a pair failed, so this run measures nothing: " + failure.get(),
                        failure.get());
            }
        }
    }

    @FunctionalInterface
    interface Pair {
        void run(int agentIndex);
    }

    /** Iron's store: SqlBank + GroupCommitJournal + DbLedgerStore under the actors; one REST lease per agent. */
    @State(Scope.Benchmark)
    public static class GroupCommit {
        PairStore store;
        GroupCommitJournal journal;
        ActorRegistry registry;
        String[] leases;
        final java.util.concurrent.atomic.LongAdder pairs = new java.util.concurrent.atomic.LongAdder();
        CpuMeter cpu;

        @Setup(Level.Trial)
        public void setUp(Knobs knobs) {
            store = new PairStore(knobs.agents, knobs.full());
            journal = new GroupCommitJournal(store.db);
            DbLedgerStore ledgers = new DbLedgerStore(store.db);
            ledgers.recoverAll();
            registry = new ActorRegistry(new SqlBank(store.db), journal, ledgers,
                    ActorOptions.defaults().withIdleMillis(3_600_000));
            leases = new String[knobs.agents];
            for (int i = 0; i < knobs.agents; i++) {
                var g = (Outcomes.Granted) registry.ask(store.agent(i),
                        new AgentCommand.Handshake(PairStore.ALLOCATED_MICROS, 0));
                leases[i] = g.leaseId();
            }
            cpu = CpuMeter.start("iron-journal-writer", "iron-journal-fsync");
        }

        void pair(int i) {
            pairs.increment();
            long agent = store.agent(i);
            var r = (Outcomes.Reserved) registry.ask(agent, new AgentCommand.Reserve(leases[i], RESERVE_MICROS));
            SettleResult s = registry.ask(agent, new AgentCommand.Settle(leases[i], r.reservationId(), ACTUAL_MICROS));
            if (s.chargedMicros() != ACTUAL_MICROS) {
                throw new IllegalStateException("settled " + s);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            long perCommit = journal.records() / Math.max(1, journal.batches());
            System.out.println("\n[group commit: " + journal.records() + " records in " + journal.batches()
                    + " transactions, " + perCommit + " per commit, " + journal.fsyncs() + " WAL fsyncs; "
                    + journal.derivedWrites() + " of them brought budget_spent and the open reservations up to date]");
            String perPair = cpu.perOperation(pairs.sum());
            System.out.println("[cpu per pair: " + perPair + "]");
            // For DurableReport: the total first (a number it computes with), then the breakdown it prints.
            LatencyRecorder.writeForReport("groupCommit.cpu", cpu.totalMicrosPerOperation(pairs.sum()) + "\n"
                    + perPair + ", " + perCommit + " records per commit");
            registry.close();
            journal.close();
            store.close();
        }
    }

    /** The reference's way: each reserve and each settle is its own transaction on the one SQLite write connection. */
    @State(Scope.Benchmark)
    public static class PerOperation {
        PairStore store;
        String[] leases;
        final AtomicInteger reservationIds = new AtomicInteger();

        @Setup(Level.Trial)
        public void setUp(Knobs knobs) {
            store = new PairStore(knobs.agents, knobs.full());
            SqlBank bank = new SqlBank(store.db);
            leases = new String[knobs.agents];
            for (int i = 0; i < knobs.agents; i++) {
                leases[i] = bank.grant(store.agent(i), PairStore.ALLOCATED_MICROS, System.currentTimeMillis(), 0, false)
                        .leaseId();
            }
        }

        void pair(int i) {
            long agent = store.agent(i);
            String reservation = Integer.toString(reservationIds.incrementAndGet());
            long now = System.currentTimeMillis();
            Transactions.inTransaction(store.db, c -> {
                try (PreparedStatement u = c.prepareStatement("UPDATE budget_leases SET updated_at = ? WHERE id = ?"
                        + " AND lease_status = 'active' AND budget_granted - budget_spent >= ?")) {
                    u.setLong(1, now);
                    u.setString(2, leases[i]);
                    u.setLong(3, RESERVE_MICROS);
                    if (u.executeUpdate() != 1) {
                        throw new IllegalStateException("lease " + leases[i] + " cannot hold the reservation");
                    }
                }
                journal(c, agent, leases[i], "reserve", reservation, RESERVE_MICROS, now);
                return null;
            });
            Transactions.inTransaction(store.db, c -> {
                try (PreparedStatement u = c.prepareStatement("UPDATE budget_leases SET budget_spent = budget_spent + ?,"
                        + " updated_at = ? WHERE id = ?")) {
                    u.setLong(1, ACTUAL_MICROS);
                    u.setLong(2, now);
                    u.setString(3, leases[i]);
                    u.executeUpdate();
                }
                journal(c, agent, leases[i], "settle", reservation, ACTUAL_MICROS, now);
                return null;
            });
        }

        private static void journal(java.sql.Connection c, long agent, String lease, String kind, String reservation,
                                    long amount, long now) throws java.sql.SQLException {
            // One row per record, as the reference's per-request writes (and Iron's journal before V4) do.
            try (PreparedStatement s = c.prepareStatement("INSERT INTO iron_journal_rows (lease_id, agent_id, kind,"
                    + " reservation_id, request_id, amount_micros, overrun_micros, created_at)"
                    + " VALUES (?, ?, ?, ?, NULL, ?, 0, ?)")) {
                s.setString(1, lease);
                s.setLong(2, agent);
                s.setString(3, kind);
                s.setString(4, reservation);
                s.setLong(5, amount);
                s.setLong(6, now);
                s.executeUpdate();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(GROUP_PAIRS)
    public void groupCommit(Knobs knobs, GroupCommit s) throws InterruptedException {
        knobs.run(GROUP_PAIRS, s::pair);
    }

    @Benchmark
    @OperationsPerInvocation(BASELINE_PAIRS)
    public void perOperationBaseline(Knobs knobs, PerOperation s) throws InterruptedException {
        knobs.run(BASELINE_PAIRS, s::pair);
    }
}
