package io.iron.proxy.edge;

import io.iron.proxy.Provider;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an edge proxy until SIGTERM (then it returns its lease): {@code EdgeMain --control-url URL --provider openai
 * [--port 8080] [--tranche-micros 10000000] [--base-url URL]}, with the IC token in {@code IC_TOKEN} and the IP token
 * key in {@code IP_TOKEN_KEY} (secrets stay out of the command line and the process list).
 */
public final class EdgeMain {
    private EdgeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String controlUrl = null;
        String provider = "openai";
        int port = 8080;
        long tranche = 10_000_000;
        String baseUrl = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--control-url" -> controlUrl = args[i + 1];
                case "--provider" -> provider = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--tranche-micros" -> tranche = Long.parseLong(args[i + 1]);
                case "--base-url" -> baseUrl = args[i + 1];
                default -> fail("unknown option " + args[i]);
            }
        }
        String icToken = System.getenv("IC_TOKEN");
        String ipTokenKey = System.getenv("IP_TOKEN_KEY");
        if (controlUrl == null || icToken == null || icToken.isBlank() || ipTokenKey == null) {
            fail("usage: --control-url URL [--provider openai|anthropic] [--port N] [--tranche-micros N] "
                    + "[--base-url URL], with IC_TOKEN and IP_TOKEN_KEY set in the environment");
        }
        String providerName = provider;
        Provider p = Provider.ofWireName(provider).orElseThrow(() -> new IllegalArgumentException(
                "--provider must be openai or anthropic, got " + providerName));
        EdgeOptions options = EdgeOptions.of(URI.create(controlUrl), icToken, port, ipTokenKey, p)
                .withTrancheMicros(tranche);
        if (baseUrl != null) {
            options = options.withBaseUrl(p, URI.create(baseUrl));
        }
        EdgeProxy edge = EdgeProxy.start(options); // its shutdown hook returns the lease on SIGTERM
        System.out.println("Iron edge proxy for agent " + edge.agentId() + ": base URL " + edge.baseUrl());
        new CountDownLatch(1).await();
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
