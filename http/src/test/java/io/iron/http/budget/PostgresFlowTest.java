package io.iron.http.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iron.engine.store.db.Dialect;
import io.iron.http.Reply;
import io.iron.http.Sql;
import io.iron.http.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The same server on PostgreSQL (the shared bank of several nodes): seed flow, parallel handshakes, D10/D11. */
class PostgresFlowTest {

    @Test
    void seedFlowParallelHandshakesAndTheLeaseLifecycleOnPostgres() throws Exception {
        try (TestServer s = TestServer.start(Dialect.POSTGRESQL)) {
            s.addOpenAiKey();
            s.createAgent(9999L, 10_000);
            Sql.update(s.db, "UPDATE agents SET ic_token_hash = NULL WHERE id = 9999");
            Reply first = s.handshake(TestServer.SEED_TOKEN);
            assertEquals(10_000, first.num("budget_granted"), first.body());
            assertEquals(67, s.giveBack(first.text("lease_id"), 9_933).num("returned"));
            assertEquals(67, s.handshake(TestServer.SEED_TOKEN).num("budget_granted"));

            TestServer.Agent a = s.createAgent(null, 100_000_000);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 10; i++) {
                    futures.add(pool.submit(() -> ReportTest.await(go, () -> s.handshake(a.icToken()))));
                }
                go.countDown();
                for (Future<Reply> f : futures) {
                    assertEquals(10_000_000, f.get().num("budget_granted"));
                }
            }
            assertArrayEquals(new long[] {100_000_000, 100_000_000, 0}, s.account(a.id()));

            TestServer.Agent b = s.createAgent(null, 10_000);
            String lease = s.handshake(b.icToken(), 5_000).text("lease_id");
            Reply charged = s.report(lease, "r", 1_000);
            assertEquals(charged.body(), s.report(lease, "r", 1_000).body(), "D10 replay");
            Reply refreshed = s.refresh(b.icToken(), lease, 2_000L);
            assertEquals("approved", refreshed.text("status"));
            assertEquals(403, s.report(lease, "late", 1).status(), "D11");
            assertEquals(1_000, s.giveBack(refreshed.text("lease_id"), 1_000).num("returned"));
            assertArrayEquals(new long[] {10_000, 2_000, 8_000}, s.account(b.id()));
        }
    }
}
