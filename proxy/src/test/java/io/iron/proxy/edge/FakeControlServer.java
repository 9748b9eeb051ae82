package io.iron.proxy.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.bank.InMemoryBank;
import io.iron.engine.budget.Closing;
import io.iron.engine.budget.ReportResult;
import io.iron.engine.journal.InMemoryJournal;
import io.iron.engine.journal.InMemoryLedgerStore;
import io.iron.engine.token.IcTokens;
import io.iron.engine.vault.IpTokens;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in control server for the edge tests: the budget protocol's handshake, report and return (PROTOCOL part 2
 * §1 wire format) over the engine's own actors and an in-memory bank, so the money can be checked in the bank.
 * The real server lives in the http module; this one has just enough to be a faithful counterpart.
 */
final class FakeControlServer implements AutoCloseable {
    static final String IP_TOKEN_KEY_HEX = "2a".repeat(32);
    private static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryBank bank = new InMemoryBank();
    final ActorRegistry actors = new ActorRegistry(bank, new InMemoryJournal(), new InMemoryLedgerStore(),
            ActorOptions.defaults());
    final AtomicInteger handshakes = new AtomicInteger();
    final AtomicInteger reports = new AtomicInteger();
    final AtomicInteger returns = new AtomicInteger();
    private final IcTokens tokens;
    private final IpTokens ipTokens = IpTokens.fromHex(IP_TOKEN_KEY_HEX);
    private final String providerKey;
    private final WebServer server;

    FakeControlServer(IcTokens tokens, String providerKey) {
        this.tokens = tokens;
        this.providerKey = providerKey;
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> r.post("/api/v1/budget/handshake", this::handshake)
                        .post("/api/v1/budget/report", this::report)
                        .post("/api/v1/budget/return", this::giveBack))
                .build().start();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private void handshake(ServerRequest req, ServerResponse res) throws IOException {
        handshakes.incrementAndGet();
        JsonNode body = JSON.readTree(req.content().inputStream());
        long agent;
        try {
            agent = tokens.verify(body.path("ic_token").asText()).agentNumber();
        } catch (RuntimeException e) {
            error(res, 401, "Invalid IC Token");
            return;
        }
        long requested = body.path("requested_budget").asLong(10_000_000);
        Outcomes.HandshakeOutcome out = actors.ask(agent, new AgentCommand.Handshake(requested, 3_600_000));
        if (out instanceof Outcomes.Granted g) {
            ObjectNode ok = JSON.createObjectNode().put("ip_token", ipTokens.seal(providerKey))
                    .put("lease_id", g.leaseId()).put("budget_granted", g.grantedMicros())
                    .put("budget_remaining", g.bankRemainingMicros()).putNull("expires_at");
            res.send(ok.toString());
        } else {
            error(res, 403, "Budget limit exceeded");
        }
    }

    private void report(ServerRequest req, ServerResponse res) throws IOException {
        reports.incrementAndGet();
        JsonNode body = JSON.readTree(req.content().inputStream());
        String lease = body.path("lease_id").asText();
        var agent = bank.agentOfLease(lease);
        if (agent.isEmpty()) {
            error(res, 404, "Lease not found");
            return;
        }
        ReportResult r = actors.ask(agent.getAsLong(), new AgentCommand.Report(lease,
                body.path("request_id").asText(), body.path("cost_microdollars").asLong()));
        switch (r) {
            case ReportResult.Charged c -> res.send("{\"success\":true}");
            case ReportResult.Replayed p -> res.send("{\"success\":true}");
            case ReportResult.Insufficient i -> error(res, 403, "Insufficient lease budget");
            case ReportResult.LeaseUnusable u -> error(res, 403, u.problem().message());
        }
    }

    private void giveBack(ServerRequest req, ServerResponse res) throws IOException {
        returns.incrementAndGet();
        JsonNode body = JSON.readTree(req.content().inputStream());
        String lease = body.path("lease_id").asText();
        var agent = bank.agentOfLease(lease);
        if (agent.isEmpty()) {
            error(res, 404, "Lease not found");
            return;
        }
        Closing c = actors.ask(agent.getAsLong(), new AgentCommand.Return(lease,
                body.path("spent_microdollars").asLong(0)));
        if (!c.ok()) {
            error(res, 400, "Lease is not active");
            return;
        }
        res.send("{\"success\":true,\"returned\":" + c.returnedMicros() + "}");
    }

    private static void error(ServerResponse res, int status, String message) {
        res.status(Status.create(status));
        res.send(JSON.createObjectNode().put("error", message).toString());
    }

    @Override
    public void close() {
        server.stop();
        actors.close();
    }
}
