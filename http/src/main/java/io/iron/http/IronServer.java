package io.iron.http;

import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.bank.Bank;
import io.iron.engine.config.Secrets;
import io.iron.engine.journal.Journal;
import io.iron.engine.journal.LedgerStore;
import io.iron.engine.store.db.Database;
import io.iron.engine.store.directory.Directory;
import io.iron.http.admin.AdminAuth;
import io.iron.http.admin.AdminRoutes;
import io.iron.http.budget.BudgetRoutes;
import io.iron.http.observe.LeaseSweeper;
import io.iron.http.observe.MetricsFilter;
import io.iron.http.observe.ObserveRoutes;
import io.iron.http.observe.ServerMetrics;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * The control server: one Helidon SE WebServer (virtual threads) serving the budget protocol, the admin API, health
 * and metrics, plus whatever {@link Builder#extraRouting} mounts (the agent proxy). Used by {@code iron serve} and by
 * tests, which start it on port 0.
 *
 * <pre>{@code
 * IronServer server = ServerStack.over(db, System::currentTimeMillis)   // recovery, SqlBank, journal, sweeper source
 *         .configure(IronServer.builder().closeOnStop(db))
 *         .port(0).secrets(secrets).adminToken("...")
 *         .extraRouting((parts, routing) -> ...)                      // the proxy's routes go here
 *         .build().start();
 * }</pre>
 * Tests and benchmarks may instead give {@code bank}, {@code budgetBook}, {@code journal} and {@code ledgerStore}
 * (or a ready {@code registry}) themselves, e.g. the in-memory ones.
 */
public final class IronServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IronServer.class.getName());
    /** Largest request any route accepts (the proxy's bodies); the budget endpoints stop at 64 KiB themselves. */
    static final long MAX_PAYLOAD_BYTES = 16L * 1024 * 1024;

    private final ServerParts parts;
    private final AdminRoutes admin;
    private final WebServer webServer;
    private final LeaseSweeper sweeper;
    private final Duration sweepInterval;
    private final Deque<AutoCloseable> closeOnStop;
    private final String host;
    private final int requestedPort;
    private volatile boolean stopped;

    private IronServer(Builder b) {
        Objects.requireNonNull(b.database, "database");
        Objects.requireNonNull(b.secrets, "secrets");
        Objects.requireNonNull(b.adminToken, "adminToken");
        Objects.requireNonNull(b.bank, "bank");
        Objects.requireNonNull(b.budgetBook, "budgetBook");
        ActorRegistry registry = b.registry;
        if (registry == null) {
            Objects.requireNonNull(b.journal, "journal (or a registry)");
            Objects.requireNonNull(b.ledgerStore, "ledgerStore (or a registry)");
            registry = new ActorRegistry(b.bank, b.journal, b.ledgerStore, b.actorOptions, b.clockMillis);
            b.closeOnStop.push(registry);
        }
        ServerMetrics metrics = b.metrics != null ? b.metrics : new ServerMetrics();
        ActorRegistry finalRegistry = registry;
        metrics.gauge("iron.actors.live", "Agent actors in memory", finalRegistry::liveActors);
        this.parts = new ServerParts(b.database, new Directory(b.database), b.secrets, b.bank, b.budgetBook, registry,
                metrics, b.secrets.icTokens(), b.secrets.providerKeyVault(), b.secrets.ipTokens(), b.leaseTtlMillis,
                b.clockMillis);
        this.admin = new AdminRoutes(parts, new AdminAuth(b.adminToken));
        this.closeOnStop = b.closeOnStop;
        this.host = b.host;
        this.requestedPort = b.port;
        this.sweepInterval = b.sweepInterval;
        this.sweeper = b.lapsedLeaseAgents == null ? null
                : new LeaseSweeper(registry, b.lapsedLeaseAgents, b.clockMillis, metrics);
        BiConsumer<ServerParts, HttpRouting.Builder> extra = b.extraRouting;
        String version = b.version;
        this.webServer = WebServer.builder()
                .host(b.host)
                .port(b.port)
                .shutdownHook(false)
                .maxPayloadSize(MAX_PAYLOAD_BYTES)
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .routing(r -> {
                    r.addFilter(new MetricsFilter(metrics));
                    ErrorReplies.register(r);
                    // Extra routes (the agent proxy) come first: Helidon tries routes in order, and the proxy's calls
                    // are the hot path (behind the control plane's, each call matched their path patterns first).
                    extra.accept(parts, r);
                    new BudgetRoutes(parts).register(r);
                    admin.register(r);
                    new ObserveRoutes(metrics, parts.database(), version).register(r);
                    r.any((req, res) -> Replies.error(res, ApiError.of(Status.NOT_FOUND_404, "Not found")));
                })
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening, then the sweeper.
     *
     * @throws IllegalStateException when the web server could not listen (Helidon logs the cause, e.g. a port in
     *                               use, and returns without throwing); everything handed over is closed first
     */
    public IronServer start() {
        webServer.start();
        if (!webServer.isRunning()) {
            close();
            throw new IllegalStateException("cannot listen on " + host + ":" + requestedPort
                    + " (is the port in use? the log above has the cause); set --port or SERVER_PORT to a free port");
        }
        if (sweeper != null && !sweepInterval.isZero()) {
            sweeper.start(sweepInterval);
        }
        return this;
    }

    /** The bound port (the real one when started on port 0). */
    public int port() {
        return webServer.port();
    }

    public ServerParts parts() {
        return parts;
    }

    /** The admin operations, for in-process callers (the demo set-up). */
    public AdminRoutes admin() {
        return admin;
    }

    /** Runs one sweep of TTL-lapsed leases now; answers how many agents had some (0 without a lapsed-lease source). */
    public int sweepLapsedLeases() {
        return sweeper == null ? 0 : sweeper.sweep();
    }

    /** Stops listening, then closes the sweeper and whatever was handed over with closeOnStop, newest first. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        webServer.stop();
        if (sweeper != null) {
            sweeper.close();
        }
        while (!closeOnStop.isEmpty()) {
            AutoCloseable c = closeOnStop.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + c + " failed", e);
            }
        }
    }

    /** Settings of the server; {@link #build()} checks that the required ones are there. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 3001;
        private Database database;
        private Secrets secrets;
        private String adminToken;
        private Bank bank;
        private BudgetBook budgetBook;
        private Journal journal;
        private LedgerStore ledgerStore;
        private ActorRegistry registry;
        private ActorOptions actorOptions = ActorOptions.defaults();
        private ServerMetrics metrics;
        private long leaseTtlMillis = 3_600_000;
        private LongSupplier clockMillis = System::currentTimeMillis;
        private LongFunction<Collection<Long>> lapsedLeaseAgents;
        private Duration sweepInterval = Duration.ofSeconds(30);
        private BiConsumer<ServerParts, HttpRouting.Builder> extraRouting = (parts, routing) -> { };
        private String version = "dev";
        private final Deque<AutoCloseable> closeOnStop = new ArrayDeque<>();

        private Builder() {
        }

        public Builder host(String v) {
            this.host = v;
            return this;
        }

        /** 0 picks a free port. Default 3001, the seed's. */
        public Builder port(int v) {
            this.port = v;
            return this;
        }

        public Builder database(Database v) {
            this.database = v;
            return this;
        }

        public Builder secrets(Secrets v) {
            this.secrets = v;
            return this;
        }

        /** The credential of the admin API ({@code IRON_ADMIN_TOKEN}). */
        public Builder adminToken(String v) {
            this.adminToken = v;
            return this;
        }

        public Builder bank(Bank v) {
            this.bank = v;
            return this;
        }

        public Builder budgetBook(BudgetBook v) {
            this.budgetBook = v;
            return this;
        }

        public Builder journal(Journal v) {
            this.journal = v;
            return this;
        }

        public Builder ledgerStore(LedgerStore v) {
            this.ledgerStore = v;
            return this;
        }

        /** A ready registry (then journal and ledger store are not needed here). Not closed by the server. */
        public Builder registry(ActorRegistry v) {
            this.registry = v;
            return this;
        }

        public Builder actorOptions(ActorOptions v) {
            this.actorOptions = v;
            return this;
        }

        public Builder metrics(ServerMetrics v) {
            this.metrics = v;
            return this;
        }

        /** Time to live of REST leases, extended by use; {@code Duration.ZERO} = leases never lapse. */
        public Builder leaseTtl(Duration v) {
            this.leaseTtlMillis = v.toMillis();
            return this;
        }

        public Builder clockMillis(LongSupplier v) {
            this.clockMillis = v;
            return this;
        }

        /** Given now (ms), the agents holding an active lease past its expires_at; enables the sweeper. */
        public Builder lapsedLeaseAgents(LongFunction<Collection<Long>> v) {
            this.lapsedLeaseAgents = v;
            return this;
        }

        /** How often the sweeper runs; {@code Duration.ZERO} = only when {@link #sweepLapsedLeases()} is called. */
        public Builder sweepInterval(Duration v) {
            this.sweepInterval = v;
            return this;
        }

        /**
         * THE place where routes of other modules are mounted (the agent proxy): called with the assembled parts
         * before the budget, admin and observe routes (so it must not claim their paths) and the JSON 404 fallback.
         */
        public Builder extraRouting(BiConsumer<ServerParts, HttpRouting.Builder> v) {
            this.extraRouting = Objects.requireNonNull(v);
            return this;
        }

        /** As {@link #extraRouting(BiConsumer)} for routes that need none of the parts. */
        public Builder extraRouting(Consumer<HttpRouting.Builder> v) {
            Objects.requireNonNull(v);
            this.extraRouting = (parts, routing) -> v.accept(routing);
            return this;
        }

        public Builder version(String v) {
            this.version = v;
            return this;
        }

        /** Closed by {@link IronServer#close()} after the web server stops, the last given first. */
        public Builder closeOnStop(AutoCloseable... resources) {
            for (AutoCloseable r : List.of(resources)) {
                closeOnStop.push(r);
            }
            return this;
        }

        public IronServer build() {
            return new IronServer(this);
        }
    }
}
