package io.iron.http.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iron.http.Reply;
import io.iron.http.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Parallel handshakes of one agent never grant more than its budget (they go through its actor, one at a time). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentHandshakeTest {
    private TestServer s;

    @BeforeAll
    void start() {
        s = TestServer.start();
        s.addOpenAiKey();
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private List<Reply> parallelHandshakes(String icToken, int n) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> ReportTest.await(go, () -> s.handshake(icToken))));
            }
            go.countDown();
            List<Reply> out = new ArrayList<>();
            for (Future<Reply> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    @RepeatedTest(3)
    void tenParallelDefaultHandshakesOnAHundredDollarsGrantExactlyTenAndLeaveNothing() throws Exception {
        TestServer.Agent a = s.createAgent(null, 100_000_000);
        List<Reply> replies = parallelHandshakes(a.icToken(), 10);
        long granted = 0;
        for (Reply r : replies) {
            assertEquals(200, r.status(), r.body());
            assertEquals(10_000_000, r.num("budget_granted"));
            granted += r.num("budget_granted");
        }
        assertEquals(100_000_000, granted);
        assertArrayEquals(new long[] {100_000_000, 100_000_000, 0}, s.account(a.id()));
        assertEquals(403, s.handshake(a.icToken()).status());
    }

    @RepeatedTest(3)
    void twoParallelDefaultHandshakesOnTenDollarsGiveOne200AndOne403NeverNegative() throws Exception {
        TestServer.Agent a = s.createAgent(null, 10_000_000);
        List<Reply> replies = parallelHandshakes(a.icToken(), 2);
        List<Integer> statuses = replies.stream().map(Reply::status).sorted().toList();
        assertEquals(List.of(200, 403), statuses, replies.toString());
        Reply denied = replies.stream().filter(r -> r.status() == 403).findFirst().orElseThrow();
        assertEquals("Budget limit exceeded", denied.error());
        assertEquals(0, denied.num("budget_remaining"));
        assertArrayEquals(new long[] {10_000_000, 10_000_000, 0}, s.account(a.id()));
    }
}
