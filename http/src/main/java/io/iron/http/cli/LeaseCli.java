package io.iron.http.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code iron lease reclaim LEASE --reason R}: take an active lease's remainder back (D13), recorded with the reason. */
@Command(name = "lease", description = "Reclaim leases.", mixinStandardHelpOptions = true)
public final class LeaseCli {
    private final CliContext ctx;

    public LeaseCli(CliContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "reclaim", description = "Close an active lease and give its unspent remainder back to the agent.")
    int reclaim(@Parameters(paramLabel = "LEASE") String leaseId,
                @Option(names = "--reason", required = true, description = "Why (recorded)") String reason,
                @Mixin ClientOptions client) {
        JsonNode r = client.client(ctx).post("/api/v1/leases/" + java.net.URLEncoder.encode(leaseId,
                java.nio.charset.StandardCharsets.UTF_8) + "/reclaim", Map.of("reason", reason));
        if (client.json) {
            Printing.json(ctx.out(), r);
        } else {
            ctx.out().printf("Reclaimed %s of agent %d: %s back to its budget, %s counted spent.%n",
                    r.path("lease_id").asText(), r.path("agent_id").asLong(),
                    Printing.usd(r.path("returned_microdollars")), Printing.usd(r.path("spent_microdollars")));
        }
        return 0;
    }
}
