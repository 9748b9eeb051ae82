package io.iron.engine.store;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.store.bank.SqlBank;
import io.iron.engine.store.db.Dialect;
import io.iron.engine.store.journal.DbLedgerStore;
import io.iron.engine.store.journal.GroupCommitJournal;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The actors over the durable bank and journal, under a concurrent mixed workload in two waves (the second reloads
 * every ledger from the database): afterwards the
 * rows obey every money invariant, and what callers were told was charged is exactly what the leases show spent.
 */
class ActorStoreWorkloadTest {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    @Timeout(120)
    void concurrentCallersLeaveTheStoreExactAndConsistent(Dialect dialect) throws Exception {
        try (StoreFixture fx = StoreFixture.createWithoutFsync(dialect)) {
            List<Long> agents = LongStream.range(0, 16).mapToObj(i -> fx.agent(400_000)).toList();
            GroupCommitJournal journal = new GroupCommitJournal(fx.db());
            DbLedgerStore ledgers = new DbLedgerStore(fx.db());
            ledgers.recoverAll();
            // Actors never passivate here: a caller that meets a retiring actor spins in ActorRegistry.send, and on
            // two busy cores two spinning callers can starve the passivating actor for good. The second wave runs on
            // a second registry over the same store, so every ledger is loaded again from the database.
            ActorOptions options = ActorOptions.defaults().withIdleMillis(3_600_000).withHouseTrancheMicros(20_000);
            AtomicLong charged = new AtomicLong();
            AtomicLong acked = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            try {
                for (int wave = 0; wave < 2; wave++) {
                    ActorRegistry registry = new ActorRegistry(new SqlBank(fx.db()), journal, ledgers, options);
                    Workload work = new Workload(registry, agents, (a, l, r, c) -> acked.incrementAndGet());
                    List<Thread> callers = new ArrayList<>();
                    for (int t = 0; t < 32; t++) {
                        SplittableRandom rnd = new SplittableRandom(7_919L * t + wave);
                        callers.add(Thread.ofVirtual().start(() -> {
                            try {
                                for (int i = 0; i < 12; i++) {
                                    charged.addAndGet(work.step(rnd));
                                }
                            } catch (Throwable e) {
                                errors.add(e);
                            }
                        }));
                    }
                    for (Thread t : callers) {
                        t.join();
                    }
                    registry.close();
                }
            } finally {
                journal.close();
            }
            assertTrue(errors.isEmpty(), () -> "callers saw errors: " + errors);
            assertTrue(acked.get() > 200, "the workload settled " + acked.get() + " requests");
            assertEquals(charged.get(), fx.number("SELECT SUM(budget_spent) FROM budget_leases"),
                    "charges answered to callers != what the leases spent");
            try (Connection c = fx.outsideConnection()) {
                assertTrue(StoreChecks.verify(c, true) > 0);
            }
        }
    }
}
