package io.iron.http.cli;

import io.iron.engine.pricing.PriceTable;
import io.iron.engine.store.db.Database;
import io.iron.http.IronServer;
import io.iron.http.ServerStack;
import io.iron.http.agentproxy.ProxyMount;
import io.iron.proxy.ProxyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code iron serve [--port N] [--db URL] [--demo]}: checks the settings (a missing secret stops it here, naming the
 * variable), opens and migrates the database, recovers what a crash left open (D14), starts the sweeper of lapsed
 * leases (D13), listens, prints one line with its URL, and on SIGTERM stops listening and closes the registry,
 * journal and database.
 */
@Command(name = "serve", description = "Run the Iron server.", mixinStandardHelpOptions = true)
public final class ServeCli implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(ServeCli.class.getName());

    private final CliContext ctx;

    @Option(names = "--port", description = "Port to listen on (default $SERVER_PORT, else 3001; 0 = any free port)")
    Integer port;

    @Option(names = "--db", paramLabel = "URL",
            description = "Database (default $DATABASE_URL, else sqlite://./iron.db; with --demo ./iron-demo.db)")
    String db;

    @Option(names = "--demo", description = "Dev secrets, an embedded SQLite file, a mock provider and a demo agent")
    boolean demo;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "A LiteLLM-format price file that adds or overrides models of the bundled table")
    Path prices;

    public ServeCli(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws InterruptedException {
        ServeSettings settings = ServeSettings.read(ctx.env(), port, db, demo);
        if (!settings.secrets().defaultsUsed().isEmpty()) {
            LOG.log(Level.WARNING, "demo mode: development defaults used for " + settings.secrets().defaultsUsed());
        }
        Database database = Database.open(settings.databaseUrl());
        Optional<MockUpstream> mock = demo ? MockUpstream.start() : Optional.empty();
        IronServer server;
        try {
            ServerStack stack = ServerStack.over(database, System::currentTimeMillis);
            // Closed last: the server closes the registry, then the journal, then the database.
            IronServer.Builder builder = stack.configure(IronServer.builder().closeOnStop(database))
                    .port(settings.port())
                    .secrets(settings.secrets())
                    .adminToken(settings.adminToken())
                    .leaseTtl(settings.leaseTtl())
                    .version("0.1.0");
            // The agent-facing OpenAI/Anthropic proxy spends through the same actors as the budget protocol.
            builder.extraRouting(ProxyMount.routes(priceTable(), ProxyOptions.defaults()));
            mock.ifPresent(builder::closeOnStop);
            LOG.log(Level.INFO, database + ": " + stack.recoveryNote());
            server = builder.build().start();
        } catch (RuntimeException e) {
            mock.ifPresent(MockUpstream::close);
            database.close();
            if (e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().startsWith("cannot listen")) {
                throw new CliException(e.getMessage());
            }
            throw e;
        }
        String url = "http://127.0.0.1:" + server.port();
        try {
            if (demo) {
                Demo.Prepared prepared = Demo.prepare(server, mock);
                Demo.print(ctx.out(), url, settings.adminToken(), prepared, true, mock);
            }
            ctx.out().println("Iron is listening on " + url + " (database " + database.location() + ")");
            ctx.out().flush();
            ctx.stop().await();
        } finally {
            ctx.out().println("Iron is stopping.");
            ctx.out().flush();
            server.close();
        }
        return 0;
    }

    private PriceTable priceTable() {
        if (prices == null) {
            return PriceTable.bundled();
        }
        if (!Files.isReadable(prices)) {
            throw new CliException("--prices " + prices + ": no such readable file");
        }
        PriceTable table = PriceTable.load(prices);
        LOG.log(Level.INFO, "prices: " + table.size() + " models (bundled table plus " + prices + ")");
        return table;
    }
}
