package io.iron.http.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code iron budget set|top-up AGENT --usd X}. */
@Command(name = "budget", description = "Set or top up an agent's budget.", mixinStandardHelpOptions = true)
public final class BudgetCli {
    private final CliContext ctx;

    public BudgetCli(CliContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "set", description = "Set the agent's total allocation (not below what it has already drawn).")
    int set(@Parameters(paramLabel = "AGENT") String agent,
            @Option(names = "--usd", required = true, paramLabel = "USD") String usd,
            @Mixin ClientOptions client) {
        long micros = UsdAmount.parseMicros("--usd", usd);
        return print(client, client.client(ctx).put("/api/v1/agents/" + AgentCli.id(agent) + "/budget",
                Map.of("total_allocated_microdollars", micros)));
    }

    @Command(name = "top-up", description = "Add to the agent's allocation.")
    int topUp(@Parameters(paramLabel = "AGENT") String agent,
              @Option(names = "--usd", required = true, paramLabel = "USD") String usd,
              @Mixin ClientOptions client) {
        long micros = UsdAmount.parseMicros("--usd", usd);
        if (micros == 0) {
            throw new CliException("--usd must be more than 0 for a top-up");
        }
        return print(client, client.client(ctx).post("/api/v1/agents/" + AgentCli.id(agent) + "/budget/top-up",
                Map.of("amount_microdollars", micros)));
    }

    private int print(ClientOptions client, JsonNode b) {
        if (client.json) {
            Printing.json(ctx.out(), b);
        } else {
            ctx.out().printf("agent %d  allocated %s  drawn %s  remaining %s%n", b.path("agent_id").asLong(),
                    Printing.usd(b.path("total_allocated")), Printing.usd(b.path("total_spent")),
                    Printing.usd(b.path("budget_remaining")));
        }
        return 0;
    }
}
