package io.iron.proxy.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.WebServer;
import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.budget.LeaseStatus;
import io.iron.engine.journal.InMemoryJournal;
import io.iron.engine.journal.InMemoryLedgerStore;
import io.iron.engine.pricing.PriceTable;
import io.iron.engine.token.IcTokens;
import io.iron.engine.vault.IpTokens;
import io.iron.proxy.AgentAuthenticator;
import io.iron.proxy.AgentProxy;
import io.iron.proxy.ProviderKey;
import io.iron.proxy.ProviderKeys;
import io.iron.proxy.budget.ActorBudgetGate;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The edge proxy: the agent proxy running next to an agent, spending leases drawn from a control server over the
 * budget protocol. At start it makes a handshake (and fails fast if the server cannot be reached); while running
 * its actor draws a new lease by handshake when the current one cannot hold a call, and reports every settled call
 * in the background; on {@link #close()} (also on SIGTERM) it returns what is left. The provider key comes only
 * from the handshake's IP token, opened with {@code IP_TOKEN_KEY} (D16). The only API key it accepts is its own IC
 * token, as the reference's LlmRouter.
 */
public final class EdgeProxy implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EdgeProxy.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long agentId;
    private final RemoteBank bank;
    private final ActorRegistry actors;
    private final UsageReporter reporter;
    private final WebServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private EdgeProxy(long agentId, RemoteBank bank, ActorRegistry actors, UsageReporter reporter,
                      WebServer server) {
        this.agentId = agentId;
        this.bank = bank;
        this.actors = actors;
        this.reporter = reporter;
        this.server = server;
        this.shutdownHook = Thread.ofPlatform().unstarted(this::close);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Handshakes with the control server and starts serving on 127.0.0.1.
     *
     * @throws io.iron.proxy.budget.BudgetUnavailableException if the control server cannot be reached or refuses
     * @throws IllegalArgumentException if the IC token carries no agent id or the IP token key is malformed
     */
    public static EdgeProxy start(EdgeOptions options) {
        return start(options, System::currentTimeMillis);
    }

    /** As {@link #start(EdgeOptions)} with the clock that paces the budget probes (tests). */
    static EdgeProxy start(EdgeOptions options, java.util.function.LongSupplier clockMillis) {
        long agentId = agentIdOf(options.icToken());
        IpTokens ipTokens = IpTokens.fromHex(options.ipTokenKeyHex());
        ControlClient control = new ControlClient(options.controlUrl(), options.icToken(), Duration.ofSeconds(30));
        ControlClient.Lease first = control.handshake(options.provider().wireName(), options.trancheMicros())
                .orElse(null);
        if (first == null) {
            LOG.log(Level.WARNING, "edge: agent " + agentId + " has no budget left; every call will get 402 until "
                    + "its budget is raised");
        }
        AtomicReference<String> providerKey = new AtomicReference<>();
        if (first != null) {
            providerKey.set(ipTokens.open(first.ipToken()));
        }
        RemoteBank bank = new RemoteBank(control, options.provider().wireName(), agentId, options.trancheMicros(),
                first, ipToken -> providerKey.set(ipTokens.open(ipToken)), clockMillis);
        // Leases never lapse locally (the server keeps the TTL); an idle actor returns its lease after a day.
        ActorRegistry actors = new ActorRegistry(bank, InMemoryJournal.discarding(), new InMemoryLedgerStore(),
                new ActorOptions(4096, 256, Duration.ofDays(1).toMillis(), options.trancheMicros(), 0));
        UsageReporter reporter = new UsageReporter(control);
        ReportingGate gate = new ReportingGate(new ActorBudgetGate(actors, bank), bank, reporter);
        ProviderKeys keys = (agent, provider) -> provider != options.provider() || providerKey.get() == null
                ? Optional.empty()
                : Optional.of(new ProviderKey(provider, providerKey.get(), options.baseUrls().get(provider)));
        byte[] expected = options.icToken().getBytes(StandardCharsets.UTF_8);
        AgentAuthenticator auth = token -> MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))
                ? OptionalLong.of(agentId) : OptionalLong.empty();
        AgentProxy proxy = new AgentProxy(auth, keys, gate, PriceTable.bundled(), options.proxy());
        WebServer server = WebServer.builder().host("127.0.0.1").port(options.port()).shutdownHook(false)
                .connectionOptions(s -> s.tcpNoDelay(true))
                .routing(r -> {
                    proxy.register(r);
                    r.get("/", (req, res) -> res.send("Iron edge proxy OK"));
                })
                .build().start();
        LOG.log(Level.INFO, "edge: agent " + agentId + " served on http://127.0.0.1:" + server.port() + "/v1");
        return new EdgeProxy(agentId, bank, actors, reporter, server);
    }

    public int port() {
        return server.port();
    }

    /** The OpenAI SDK base URL of this edge: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public long agentId() {
        return agentId;
    }

    /** Usage reports the control server accepted so far. */
    public long reportsDelivered() {
        return reporter.delivered();
    }

    /** Stops serving, sends the queued reports (bounded), and returns every lease. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop();
        try {
            reporter.awaitEmpty(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Outcomes.AgentUsage usage = actors.ask(agentId, new AgentCommand.Usage());
            for (Outcomes.LeaseView l : usage.leases()) {
                if (l.status() == LeaseStatus.ACTIVE) {
                    actors.ask(agentId, new AgentCommand.Return(l.leaseId(), 0));
                }
            }
            bank.returnUnused();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "edge: returning leases failed (the server lapses them at their TTL): " + e);
        }
        bank.shutdown(Duration.ofSeconds(10));
        reporter.close();
        actors.close();
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    /** The agent number in the token's {@code agent_id} claim; the control server verifies the token itself. */
    static long agentIdOf(String icToken) {
        String[] parts = icToken.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("the IC token is not a JWT (expected 3 dot-separated parts)");
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return IcTokens.parseAgentNumber(claims.path("agent_id").asText(""));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the IC token carries no valid agent_id claim: " + e.getMessage(), e);
        }
    }
}
