package io.iron.http.cli;

import picocli.CommandLine.Option;

/** Where the admin commands send their requests. */
public final class ClientOptions {
    @Option(names = "--server", paramLabel = "URL",
            description = "Iron server to talk to (default http://127.0.0.1:$SERVER_PORT, port 3001 when unset)")
    String server;

    @Option(names = "--json", description = "Print the server's JSON answer instead of a summary")
    boolean json;

    AdminClient client(CliContext ctx) {
        String base = server;
        if (base == null) {
            String port = ctx.env("SERVER_PORT");
            base = "http://127.0.0.1:" + (port == null ? "3001" : port.strip());
        }
        String token = ctx.env("IRON_ADMIN_TOKEN");
        if (token == null) {
            throw new CliException("IRON_ADMIN_TOKEN is not set: export IRON_ADMIN_TOKEN=<the value the server was"
                    + " started with> (iron serve --demo prints its own)");
        }
        return new AdminClient(base, token);
    }
}
