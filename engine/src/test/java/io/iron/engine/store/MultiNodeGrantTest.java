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
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.budget.Closing;
import io.iron.engine.store.bank.SqlBank;
import io.iron.engine.store.db.Database;
import io.iron.engine.store.db.Dialect;
import io.iron.engine.store.journal.DbLedgerStore;
import io.iron.engine.store.journal.GroupCommitJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateway nodes share one PostgreSQL bank (skipped, loudly, when none is reachable). Each node is a whole
 * independent stack (its own connection pool, bank, journal, actors), so nothing but the database orders their
 * grants. Both hand out leases for the same agents at once until the money runs out, with returns putting some back:
 * the sum of what is drawn never passes what was allocated, and the accounts stay exact.
 */
class MultiNodeGrantTest {

    private static final int AGENTS = 4;
    private static final long ALLOCATED_MICROS = 1_000_000;

    @Test
    @Timeout(120)
    void twoNodesNeverGrantMoreThanWasAllocated() throws Exception {
        try (StoreFixture fx = StoreFixture.create(Dialect.POSTGRESQL)) {
            List<Long> agents = LongStream.range(0, AGENTS).mapToObj(i -> fx.agent(ALLOCATED_MICROS)).toList();
            AtomicLong grantedSeen = new AtomicLong();
            AtomicLong returnedSeen = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            List<Node> nodes = List.of(new Node(fx.url()), new Node(fx.url()));
            try {
                List<Thread> callers = new ArrayList<>();
                for (int n = 0; n < nodes.size(); n++) {
                    ActorRegistry registry = nodes.get(n).registry;
                    for (int t = 0; t < 12; t++) {
                        SplittableRandom rnd = new SplittableRandom(31L * n + t);
                        callers.add(Thread.ofVirtual().start(() -> {
                            try {
                                while (true) {
                                    long agent = agents.get(rnd.nextInt(agents.size()));
                                    var out = registry.ask(agent, new AgentCommand.Handshake(1 + rnd.nextInt(40_000), 0));
                                    // Denied: stop only once every agent denies in one sweep. Money returned late (by
                                    // this caller or another still running) sits on one agent, which random picks can
                                    // miss five times in a row: this was a flaky 'ran out exactly' before.
                                    for (int i = 0; i < agents.size() && !(out instanceof Outcomes.Granted); i++) {
                                        agent = agents.get(i);
                                        out = registry.ask(agent, new AgentCommand.Handshake(1 + rnd.nextInt(40_000), 0));
                                    }
                                    if (!(out instanceof Outcomes.Granted g)) {
                                        break;
                                    }
                                    grantedSeen.addAndGet(g.grantedMicros());
                                    if (rnd.nextInt(4) == 0) { // a quarter come back, partly spent
                                        Closing c = registry.ask(agent, new AgentCommand.Return(g.leaseId(),
                                                rnd.nextLong(g.grantedMicros() + 1)));
                                        returnedSeen.addAndGet(c.returnedMicros());
                                    }
                                }
                            } catch (Throwable e) {
                                errors.add(e);
                            }
                        }));
                    }
                }
                for (Thread t : callers) {
                    t.join();
                }
            } finally {
                nodes.forEach(Node::close);
            }
            assertTrue(errors.isEmpty(), () -> "callers saw errors: " + errors);
            long drawn = fx.number("SELECT SUM(budget_granted - COALESCE(returned_amount, 0)) FROM budget_leases");
            assertEquals(grantedSeen.get(), fx.number("SELECT SUM(budget_granted) FROM budget_leases"),
                    "every grant a caller saw is a lease row, and no other");
            assertEquals(grantedSeen.get() - returnedSeen.get(), drawn);
            assertEquals(AGENTS * ALLOCATED_MICROS, drawn, "the money ran out exactly, never past the allocation");
            for (long agent : agents) {
                assertEquals(ALLOCATED_MICROS + "|" + ALLOCATED_MICROS + "|0", fx.account(agent));
            }
            try (Connection c = fx.outsideConnection()) {
                StoreChecks.verify(c, true);
            }
        }
    }

    /** One gateway node: its own pool, bank, journal and actors over the shared database. */
    private static final class Node implements AutoCloseable {
        final Database db;
        final GroupCommitJournal journal;
        final ActorRegistry registry;

        Node(String url) {
            db = Database.open(url);
            journal = new GroupCommitJournal(db);
            registry = new ActorRegistry(new SqlBank(db), journal, new DbLedgerStore(db),
                    ActorOptions.defaults().withIdleMillis(3_600_000));
        }

        @Override
        public void close() {
            registry.close();
            journal.close();
            db.close();
        }
    }
}
