package io.iron.http.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.iron.http.admin.AgentIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code iron agent create|list|show|delete}. */
@Command(name = "agent", description = "Create, list, show and delete agents.", mixinStandardHelpOptions = true)
public final class AgentCli {
    private final CliContext ctx;

    public AgentCli(CliContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "create", description = "Create an agent with a budget; prints its id and its IC token.")
    int create(@Option(names = "--name", required = true, description = "Agent name") String name,
               @Option(names = "--budget-usd", required = true, paramLabel = "USD",
                       description = "Budget in US dollars, e.g. 0.01") String budgetUsd,
               @Option(names = "--provider", defaultValue = "openai", description = "openai or anthropic")
               String provider,
               @Option(names = "--id", description = "Agent id to use (default: the next free one)") Long id,
               @Mixin ClientOptions client) {
        long micros = UsdAmount.parseMicros("--budget-usd", budgetUsd);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("budget_microdollars", micros);
        body.put("provider", provider);
        if (id != null) {
            body.put("id", id);
        }
        JsonNode created = client.client(ctx).post("/api/v1/agents", body);
        if (client.json) {
            Printing.json(ctx.out(), created);
            return 0;
        }
        JsonNode agent = created.path("agent");
        ctx.out().printf("Created agent %d (%s) with a budget of %s.%n", agent.path("id").asLong(),
                agent.path("name").asText(), UsdAmount.format(micros));
        if (agent.path("provider_key_id").isNull()) {
            ctx.out().printf("No %s key is stored yet: add one with  iron key add --provider %s --api-key-env VAR%n",
                    provider, provider);
        }
        ctx.out().println("IC token (shown once; only its hash is stored):");
        ctx.out().println(created.path("ic_token").asText());
        return 0;
    }

    @Command(name = "list", description = "List agents with their budgets.")
    int list(@Mixin ClientOptions client) {
        JsonNode agents = client.client(ctx).get("/api/v1/agents");
        if (client.json) {
            Printing.json(ctx.out(), agents);
        } else if (agents.isEmpty()) {
            ctx.out().println("No agents yet: iron agent create --name NAME --budget-usd USD");
        } else {
            agents.forEach(a -> Printing.agent(ctx.out(), a));
        }
        return 0;
    }

    @Command(name = "show", description = "Show one agent.")
    int show(@Parameters(paramLabel = "AGENT", description = "Agent id, e.g. 42 or agent_42") String agent,
             @Mixin ClientOptions client) {
        JsonNode a = client.client(ctx).get("/api/v1/agents/" + id(agent));
        if (client.json) {
            Printing.json(ctx.out(), a);
        } else {
            Printing.agent(ctx.out(), a);
        }
        return 0;
    }

    @Command(name = "delete", description = "Delete an agent (refused while it has active leases).")
    int delete(@Parameters(paramLabel = "AGENT") String agent, @Mixin ClientOptions client) {
        long id = id(agent);
        client.client(ctx).delete("/api/v1/agents/" + id);
        ctx.out().printf("Deleted agent %d.%n", id);
        return 0;
    }

    static long id(String text) {
        try {
            return AgentIds.parse(text);
        } catch (RuntimeException e) {
            throw new CliException("AGENT must be an agent id such as 42 or agent_42, got '" + text + "'");
        }
    }
}
