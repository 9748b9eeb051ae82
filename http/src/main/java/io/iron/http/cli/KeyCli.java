package io.iron.http.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code iron key add|list}. The key itself is read from an environment variable named on the command line, so it
 * never appears in the shell history or the process list; the server seals it at once and shows it masked.
 */
@Command(name = "key", description = "Store and list provider API keys (sealed at rest, shown masked).",
        mixinStandardHelpOptions = true)
public final class KeyCli {
    private final CliContext ctx;

    public KeyCli(CliContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "add", description = "Store a provider key read from an environment variable.")
    int add(@Option(names = "--provider", required = true, description = "openai or anthropic") String provider,
            @Option(names = "--api-key-env", required = true, paramLabel = "VAR",
                    description = "Name of the environment variable holding the key, e.g. OPENAI_API_KEY")
            String variable,
            @Option(names = "--base-url", paramLabel = "URL", description = "Provider base URL (default: the provider's)")
            String baseUrl,
            @Option(names = "--description", description = "A note for operators") String description,
            @Mixin ClientOptions client) {
        String apiKey = ctx.env(variable);
        if (apiKey == null) {
            throw new CliException("--api-key-env " + variable + ": the environment variable " + variable
                    + " is not set or empty; export " + variable + "=<your " + provider + " API key>");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        body.put("api_key", apiKey);
        body.put("base_url", baseUrl);
        body.put("description", description);
        JsonNode key = client.client(ctx).post("/api/v1/providers", body);
        if (client.json) {
            Printing.json(ctx.out(), key);
        } else {
            ctx.out().print("Stored ");
            Printing.key(ctx.out(), key);
        }
        return 0;
    }

    @Command(name = "list", description = "List provider keys, masked.")
    int list(@Mixin ClientOptions client) {
        JsonNode keys = client.client(ctx).get("/api/v1/providers");
        if (client.json) {
            Printing.json(ctx.out(), keys);
        } else {
            keys.forEach(k -> Printing.key(ctx.out(), k));
        }
        return 0;
    }
}
