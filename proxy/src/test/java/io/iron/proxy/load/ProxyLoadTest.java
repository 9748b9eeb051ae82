package io.iron.proxy.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small load run: every call succeeds both ways and the money adds up exactly (no timing is asserted). */
class ProxyLoadTest {

    @Test
    void aSmallRunSucceedsEverywhereAndChargesExactlyWhatTheMockBilled() {
        LoadReport r = ProxyLoad.run(LoadOptions.defaults().withClients(4).withRequestsPerClient(25)
                .withWarmupPerClient(5).withTimeLimit(Duration.ofSeconds(60)));

        assertEquals(100, r.direct().ok());
        r.print(System.out);
        assertEquals(100, r.proxied().ok());
        assertEquals(0, r.proxied().failed());
        assertTrue(r.chargedMicros() > 0);
        assertTrue(r.moneyAddsUp(), "charged " + r.chargedMicros() + " vs billed " + r.billedCostMicros());
    }

    @Test
    void aSmallStreamingRunChargesExactlyWhatTheMockBilled() {
        LoadReport r = ProxyLoad.run(LoadOptions.defaults().withClients(4).withRequestsPerClient(25)
                .withWarmupPerClient(5).withStream(true).withTimeLimit(Duration.ofSeconds(60)));

        r.print(System.out);
        assertEquals(100, r.proxied().ok());
        assertTrue(r.moneyAddsUp(), "charged " + r.chargedMicros() + " vs billed " + r.billedCostMicros());
    }
}
