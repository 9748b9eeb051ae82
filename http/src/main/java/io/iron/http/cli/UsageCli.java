package io.iron.http.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code iron usage [AGENT]}: allocated, drawn, spent, reserved and open leases. */
@Command(name = "usage", description = "Show usage of one agent or of all agents.", mixinStandardHelpOptions = true)
public final class UsageCli implements java.util.concurrent.Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "AGENT", arity = "0..1", description = "Agent id (default: every agent)")
    String agent;

    @Mixin
    ClientOptions client;

    public UsageCli(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        AdminClient admin = client.client(ctx);
        JsonNode answer = agent == null ? admin.get("/api/v1/usage")
                : admin.get("/api/v1/agents/" + AgentCli.id(agent) + "/usage");
        if (client.json) {
            Printing.json(ctx.out(), answer);
        } else if (answer.isArray()) {
            answer.forEach(u -> Printing.usage(ctx.out(), u));
        } else {
            Printing.usage(ctx.out(), answer);
        }
        return 0;
    }
}
