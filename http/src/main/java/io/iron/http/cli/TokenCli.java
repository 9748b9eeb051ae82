package io.iron.http.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code iron token issue|regenerate|revoke AGENT}: an agent's IC token (only its hash is stored). */
@Command(name = "token", description = "Issue, regenerate or revoke an agent's IC token.", mixinStandardHelpOptions = true)
public final class TokenCli {
    private final CliContext ctx;

    public TokenCli(CliContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "issue", description = "Issue a token for an agent that has none in force.")
    int issue(@Parameters(paramLabel = "AGENT") String agent, @Mixin ClientOptions client) {
        return print(client, client.client(ctx).post("/api/v1/agents/" + AgentCli.id(agent) + "/ic-token",
                java.util.Map.of()));
    }

    @Command(name = "regenerate", description = "Issue a new token; the old one stops working at once.")
    int regenerate(@Parameters(paramLabel = "AGENT") String agent, @Mixin ClientOptions client) {
        return print(client, client.client(ctx).post("/api/v1/agents/" + AgentCli.id(agent)
                + "/ic-token/regenerate", java.util.Map.of()));
    }

    @Command(name = "revoke", description = "Revoke the agent's token: every handshake is refused until a new one is issued.")
    int revoke(@Parameters(paramLabel = "AGENT") String agent, @Mixin ClientOptions client) {
        long id = AgentCli.id(agent);
        client.client(ctx).delete("/api/v1/agents/" + id + "/ic-token");
        ctx.out().printf("Revoked the IC token of agent %d.%n", id);
        return 0;
    }

    private int print(ClientOptions client, JsonNode token) {
        if (client.json) {
            Printing.json(ctx.out(), token);
        } else {
            ctx.out().printf("IC token of agent %d (shown once; only its hash is stored):%n",
                    token.path("agent_id").asLong());
            ctx.out().println(token.path("ic_token").asText());
        }
        return 0;
    }
}
