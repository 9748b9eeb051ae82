package io.iron.http.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iron.http.Sql;
import io.iron.http.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/** D13: a lease past its time to live without a return is closed by the sweeper, its whole grant counted as spent. */
class LeaseExpiryTest {

    @Test
    void theSweeperClosesALapsedLeaseAndCountsItsWholeGrantAsSpent() {
        try (TestServer s = TestServer.start(b -> b.leaseTtl(Duration.ofSeconds(60)))) {
            s.addOpenAiKey();
            TestServer.Agent a = s.createAgent(null, 10_000);
            String lease = s.handshake(a.icToken(), 4_000).text("lease_id");
            s.report(lease, "r", 1_000);

            s.clock.advance(Duration.ofSeconds(30));
            assertEquals(0, s.server.sweepLapsedLeases(), "not yet: 30 s of 60");
            assertEquals("active", status(s, lease));
            s.clock.advance(Duration.ofSeconds(31));
            assertEquals(1, s.server.sweepLapsedLeases(), "one agent with a lapsed lease");

            assertEquals("expired", status(s, lease));
            assertArrayEquals(new long[] {10_000, 4_000, 6_000}, s.account(a.id()), "the 3000 left are not handed out");
            assertEquals(0, s.server.sweepLapsedLeases(), "closed once");
        }
    }

    private static Object status(TestServer s, String lease) {
        return Sql.rows(s.db, "SELECT lease_status FROM budget_leases WHERE id = ?", lease).getFirst().getFirst();
    }

    @Test
    void useExtendsTheTimeToLive() {
        try (TestServer s = TestServer.start(b -> b.leaseTtl(Duration.ofSeconds(60)))) {
            s.addOpenAiKey();
            TestServer.Agent a = s.createAgent(null, 10_000);
            String lease = s.handshake(a.icToken(), 4_000).text("lease_id");
            s.clock.advance(Duration.ofSeconds(50));
            assertEquals(200, s.report(lease, "r1", 10).status());
            s.clock.advance(Duration.ofSeconds(50));
            assertEquals(200, s.report(lease, "r2", 10).status(), "100 s after the grant, 50 s after last use");
            assertEquals(0, s.server.sweepLapsedLeases());
        }
    }
}
