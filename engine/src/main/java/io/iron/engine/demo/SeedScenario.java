package io.iron.engine.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.budget.Closing;
import io.iron.engine.budget.SettleResult;
import io.iron.engine.pricing.Cost;
import io.iron.engine.pricing.Endpoint;
import io.iron.engine.pricing.ModelPrice;
import io.iron.engine.pricing.PriceTable;
import io.iron.engine.pricing.Reservation;
import io.iron.engine.pricing.ReservationEstimator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed document's test, in process: {@code threads} callers send {@code gpt-4o-mini} requests with
 * {@code max_tokens} 500 through one agent's actor until each is blocked, then the agent's lease is returned. The
 * provider is simulated by its usage record: {@code promptTokens} in, 500 out (what the seed's calls cost, 301 µ$).
 */
public final class SeedScenario {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happened, in the seed's own terms. */
    public record Result(int threads, long budgetMicros, long reservePerCallMicros, long costPerCallMicros,
                         long successes, long blocked, long errors, long spentMicros, long returnedMicros,
                         long elapsedMillis) {

        public void print(PrintStream out) {
            out.println();
            out.printf(Locale.ROOT, "RESULTS (elapsed: %.1fs)%n", elapsedMillis / 1000.0);
            out.printf(Locale.ROOT, "  Successful requests: %d%n", successes);
            out.printf(Locale.ROOT, "  Blocked by budget:   %d%n", blocked);
            out.printf(Locale.ROOT, "  Errors:              %d%n", errors);
            out.println();
            out.printf(Locale.ROOT, "  Reserved per call:   %d µ$ (true upper bound), actual per call %d µ$%n",
                    reservePerCallMicros, costPerCallMicros);
            out.printf(Locale.ROOT, "  Spent:  $%.6f (%d µ$) of budget $%.6f (%d µ$)%n", spentMicros / 1e6,
                    spentMicros, budgetMicros / 1e6, budgetMicros);
            out.printf(Locale.ROOT, "  Budget returned to bank: $%.6f (%d µ$)%n", returnedMicros / 1e6,
                    returnedMicros);
        }
    }

    private SeedScenario() {
    }

    /**
     * Runs the scenario for {@code agentId}, whose bank account must exist. Each thread stops at its first 402, as
     * the seed's threads do.
     */
    public static Result run(ActorRegistry registry, long agentId, long budgetMicros, int threads,
                             long promptTokens, PrintStream log) throws InterruptedException {
        PriceTable prices = PriceTable.bundled();
        ModelPrice price = prices.require("gpt-4o-mini");
        JsonNode body = JSON.createObjectNode()
                .put("model", "gpt-4o-mini")
                .put("max_tokens", 500)
                .set("messages", JSON.createArrayNode().add(JSON.createObjectNode()
                        .put("role", "user").put("content", "Write about AI.")));
        Reservation reservation = new ReservationEstimator(prices).estimate(Endpoint.CHAT_COMPLETIONS, body);
        long actual = Cost.costMicros(price, promptTokens, 500);
        AtomicLong successes = new AtomicLong();
        AtomicLong blocked = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong spent = new AtomicLong();
        Set<String> leasesUsed = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        long t0 = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String name = String.format(Locale.ROOT, "T%02d", t);
            workers.add(Thread.ofVirtual().name(name).start(() -> {
                try {
                    start.await();
                    int n = 0;
                    while (true) {
                        var out = registry.ask(agentId, new AgentCommand.Reserve(null, reservation.reserveMicros()));
                        if (out instanceof Outcomes.Reserved ok) {
                            leasesUsed.add(ok.leaseId());
                            SettleResult s = registry.ask(agentId,
                                    new AgentCommand.Settle(ok.leaseId(), ok.reservationId(), actual));
                            long total = spent.addAndGet(s.chargedMicros());
                            successes.incrementAndGet();
                            n++;
                            if (log != null) {
                                log.printf(Locale.ROOT, "[%s] #%d | $%.4f%n", name, n, total / 1e6);
                            }
                        } else {
                            blocked.incrementAndGet();
                            if (log != null) {
                                log.printf(Locale.ROOT, "[%s] BLOCKED! %s%n", name, out);
                            }
                            return;
                        }
                    }
                } catch (RuntimeException | InterruptedException e) {
                    errors.incrementAndGet();
                    if (log != null) {
                        log.printf(Locale.ROOT, "[%s] ERROR %s%n", name, e);
                    }
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long returned = 0;
        for (String lease : leasesUsed) {
            Closing c = registry.ask(agentId, new AgentCommand.Return(lease, 0));
            returned += c.returnedMicros();
        }
        return new Result(threads, budgetMicros, reservation.reserveMicros(), actual, successes.get(), blocked.get(),
                errors.get(), spent.get(), returned, (System.nanoTime() - t0) / 1_000_000);
    }
}
