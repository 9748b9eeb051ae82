package io.iron.http.cli;

import io.iron.engine.config.Secrets;
import io.iron.proxy.Provider;
import io.iron.proxy.edge.EdgeOptions;
import io.iron.proxy.edge.EdgeProxy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.concurrent.Callable;

/**
 * {@code iron proxy --control URL --ic-token T [--port P]}: the edge mode, the seed's LlmRouter done right. It does
 * the handshake at start, spends the lease locally through the same actor code as the server, reports usage in the
 * background, draws the next lease before this one runs dry, and returns what is left when it stops (SIGTERM too).
 * The provider key comes out of the handshake's IP token, opened with {@code IP_TOKEN_KEY} (D16).
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Run an edge proxy that spends an agent's budget lease from a control server.")
public final class ProxyCli implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--control", required = true, paramLabel = "URL", description = "The control server, e.g. http://127.0.0.1:3001")
    String control;

    @Option(names = "--ic-token", paramLabel = "T", description = "The agent's IC token (default $IC_TOKEN)")
    String icToken;

    @Option(names = "--port", description = "Port to listen on (default 8080; 0 = any free port)")
    int port = 8080;

    @Option(names = "--provider", description = "openai or anthropic (default openai)")
    String provider = "openai";

    @Option(names = "--base-url", paramLabel = "URL", description = "The provider API root (default: its public API)")
    String baseUrl;

    @Option(names = "--tranche-usd", paramLabel = "X", description = "Budget asked per lease (default 10)")
    String trancheUsd;

    public ProxyCli(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws InterruptedException {
        String token = icToken != null ? icToken : ctx.env("IC_TOKEN");
        if (token == null || token.isBlank()) {
            throw new CliException("no IC token: pass --ic-token T or export IC_TOKEN=<the agent's IC token>");
        }
        String ipTokenKey = ctx.env(Secrets.IP_TOKEN_KEY);
        if (ipTokenKey == null || ipTokenKey.isBlank()) {
            throw new CliException(Secrets.IP_TOKEN_KEY + " is not set: export " + Secrets.IP_TOKEN_KEY
                    + "=<the control server's 64 hex chars> so the edge can open the provider key of its lease");
        }
        Provider p = Provider.ofWireName(provider).orElseThrow(() -> new CliException(
                "--provider must be openai or anthropic, got '" + provider + "'"));
        URI controlUrl;
        try {
            controlUrl = URI.create(control);
        } catch (IllegalArgumentException e) {
            throw new CliException("--control is not a URL: " + control);
        }
        EdgeOptions options = EdgeOptions.of(controlUrl, token, port, ipTokenKey, p);
        if (baseUrl != null) {
            options = options.withBaseUrl(p, URI.create(baseUrl));
        }
        if (trancheUsd != null) {
            options = options.withTrancheMicros(UsdAmount.parseMicros("--tranche-usd", trancheUsd));
        }
        try (EdgeProxy edge = EdgeProxy.start(options)) {
            ctx.out().println("Iron edge proxy for agent " + edge.agentId() + " listening on " + edge.baseUrl()
                    + " (control " + controlUrl + "); point your SDK's base URL here with the IC token as API key.");
            ctx.out().flush();
            ctx.stop().await();
            ctx.out().println("Iron edge proxy is stopping: returning the unspent lease.");
            ctx.out().flush();
        }
        return 0;
    }
}
