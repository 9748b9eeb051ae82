package io.iron.engine.store.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An open, migrated database: SQLite (one file) or PostgreSQL, chosen by {@code DATABASE_URL}.
 *
 * <p>SQLite: {@link #writer()} is a pool of exactly one connection (SQLite has one writer at a time anyway; one
 * connection makes that explicit and lets the journal writer group-commit), WAL, busy_timeout, synchronous FULL (by default),
 * foreign keys on, IMMEDIATE transactions. {@link #reader()} is a small pool of read-only connections, which WAL
 * lets read while the writer writes. PostgreSQL: one pool serves as both.
 *
 * <p>Opening runs the Flyway migrations of the dialect ({@code db/migration/sqlite|postgresql}) and refuses a
 * database that a newer Iron has migrated. Every failure is a {@link DatabaseException} that names the file or host.
 */
public final class Database implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    /** How often SQLite's write-ahead log is moved into the database file (beside the writer, never inside a commit). */
    static final long CHECKPOINT_INTERVAL_MILLIS = 250;

    private final Dialect dialect;
    private final String location;
    private final String schemaVersion;
    private final HikariDataSource writer;
    private final HikariDataSource reader;
    private final DbClient dbClient;
    private final DbClient readDbClient;
    private final Failures failures;
    /** SQLite with synchronous=FULL: the WAL file whose fsync makes a commit survive power loss; else null. */
    private final Path walToSync;
    /** SQLite: moves the write-ahead log into the database file beside the writer; null for PostgreSQL. */
    private final WalCheckpointer checkpointer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(Dialect dialect, String location, String schemaVersion, HikariDataSource writer,
                     HikariDataSource reader, Failures failures, Path walToSync, WalCheckpointer checkpointer) {
        this.dialect = dialect;
        this.checkpointer = checkpointer;
        this.walToSync = walToSync;
        this.location = location;
        this.schemaVersion = schemaVersion;
        this.writer = writer;
        this.reader = reader;
        this.failures = failures;
        this.dbClient = JdbcClientBuilder.create().connectionPool(new PooledConnections(writer, failures)).build();
        this.readDbClient = reader == writer
                ? dbClient
                : JdbcClientBuilder.create().connectionPool(new PooledConnections(reader, failures)).build();
    }

    /** Opens (creating a SQLite file if needed) and migrates the database at {@code url}, with default settings. */
    public static Database open(String url) {
        return open(url, DatabaseSettings.defaults());
    }

    /** Opens and migrates the database at {@code url} (see {@link DatabaseUrl} for the accepted forms). */
    public static Database open(String url, DatabaseSettings settings) {
        return switch (DatabaseUrl.parse(url)) {
            case DatabaseUrl.Sqlite sqlite -> openSqlite(sqlite, settings);
            case DatabaseUrl.Postgres postgres -> openPostgres(postgres, settings);
        };
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Where the data lives (file path, or postgresql://user@host:port/db without password), for logs. */
    public String location() {
        return location;
    }

    /** The Flyway schema version after migration, e.g. "2". */
    public String schemaVersion() {
        return schemaVersion;
    }

    /** Connections that may write. SQLite: exactly one (callers queue for it); PostgreSQL: the shared pool. */
    public DataSource writer() {
        return writer;
    }

    /**
     * SQLite opened with {@code synchronous=FULL}: its write-ahead log ({@code <file>-wal}). A transaction committed
     * with {@code synchronous=NORMAL} is durable against power loss once this file has been fsynced, exactly as FULL
     * would have done inside the commit; the journal uses that to overlap one batch's fsync with the next batch's
     * writes. Empty for PostgreSQL and for SQLite with NORMAL.
     */
    public Optional<Path> sqliteWalToSync() {
        return Optional.ofNullable(walToSync);
    }

    /** SQLite: the background checkpointer (package-private, for tests); null for PostgreSQL. */
    WalCheckpointer checkpointer() {
        return checkpointer;
    }

    /**
     * Closes a writer connection for good instead of returning it to the pool (e.g. one whose session settings could
     * not be restored); the pool opens a fresh one with the configured settings.
     */
    public void evictWriterConnection(Connection connection) {
        writer.evictConnection(connection);
    }

    /** Connections for reads. SQLite: read-only connections (a write fails); PostgreSQL: the same pool as the writer. */
    public DataSource reader() {
        return reader;
    }

    /** Helidon DbClient over {@link #writer()}: use it for transactions and anything that writes. */
    public DbClient dbClient() {
        return dbClient;
    }

    /** Helidon DbClient over {@link #reader()}: queries only (SQLite refuses writes on it). */
    public DbClient readDbClient() {
        return readDbClient;
    }

    /**
     * The operator-facing form of a failure met while using this database (e.g. SQLITE_FULL during a settlement,
     * SQLITE_BUSY from another process): DISK_FULL, LOCKED, ... with a message naming the file or host.
     */
    public DatabaseException translate(Throwable failure) {
        return failures.translate(failure, "using the database");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (checkpointer != null) {
            checkpointer.close();
        }
        if (readDbClient != dbClient) {
            readDbClient.close();
        }
        dbClient.close();
        if (reader != writer) {
            reader.close();
        }
        writer.close();
    }

    @Override
    public String toString() {
        return "Database[" + dialect + " " + location + ", schema " + schemaVersion + "]";
    }

    private static Database openSqlite(DatabaseUrl.Sqlite url, DatabaseSettings settings) {
        SqliteFiles.checkUsable(url);
        Failures failures = new SqliteFailures(url, settings.busyTimeout());
        String version = Migrations.migrate(SqliteFiles.migrating(url, settings), Dialect.SQLITE, failures);
        HikariDataSource writer = null;
        try {
            writer = pool("iron-sqlite-writer", SqliteFiles.writing(url, settings), 1, 1, false, settings);
            // The reader pool opens after the writer, which holds the WAL index (-shm) open for read-only connections.
            HikariDataSource reader = pool("iron-sqlite-reader", SqliteFiles.reading(url, settings),
                    settings.sqliteReadPoolSize(), 1, true, settings);
            warnAboutForeignKeyViolations(writer, url);
            Path wal = settings.sqliteSynchronousFull()
                    ? url.file().resolveSibling(url.file().getFileName() + "-wal") : null;
            WalCheckpointer checkpointer = new WalCheckpointer(SqliteFiles.checkpointing(url, settings), writer, url.display(),
                    CHECKPOINT_INTERVAL_MILLIS);
            return new Database(Dialect.SQLITE, url.display(), version, writer, reader, failures, wal, checkpointer);
        } catch (RuntimeException e) {
            if (writer != null) {
                writer.close();
            }
            throw failures.translate(e, "opening connections");
        }
    }

    private static Database openPostgres(DatabaseUrl.Postgres url, DatabaseSettings settings) {
        Failures failures = new PostgresFailures(url);
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url.jdbcUrl());
        if (url.user() != null) {
            source.setUser(url.user());
        }
        if (url.password() != null) {
            source.setPassword(url.password());
        }
        source.setApplicationName("iron");
        // Connect once before Flyway: its own message for a refused connection does not say where or what to do.
        try (Connection probe = source.getConnection()) {
            probe.isValid(5);
        } catch (SQLException | RuntimeException e) {
            throw failures.translate(e, "connecting");
        }
        String version = Migrations.migrate(source, Dialect.POSTGRESQL, failures);
        try {
            HikariDataSource pool = pool("iron-postgresql", source, settings.postgresPoolSize(), 1, false, settings);
            return new Database(Dialect.POSTGRESQL, url.display(), version, pool, pool, failures, null, null);
        } catch (RuntimeException e) {
            throw failures.translate(e, "opening connections");
        }
    }

    /**
     * Rows written with foreign keys off (the sqlite3 shell's default, or a migration) may point at nothing. The
     * server enforces foreign keys from here on; existing violations are reported, not fatal, because refusing to
     * start over e.g. an agent whose provider key was deleted by hand would be worse than running.
     */
    private static void warnAboutForeignKeyViolations(DataSource writer, DatabaseUrl.Sqlite url) {
        List<String> violations = new ArrayList<>();
        try (Connection c = writer.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next()) {
                violations.add(rs.getString("table") + " rowid " + rs.getLong("rowid") + " -> " + rs.getString("parent"));
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "database {0}: cannot check foreign keys: {1}", url.display(), e.getMessage());
            return;
        }
        if (!violations.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "database {0}: {1} row(s) reference rows that do not exist (written with "
                    + "foreign keys off, e.g. by the sqlite3 shell); first: {2}", url.display(), violations.size(),
                    violations.subList(0, Math.min(5, violations.size())));
        }
    }

    private static HikariDataSource pool(String name, DataSource source, int size, int idle, boolean readOnly,
                                         DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(source);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(idle);
        config.setReadOnly(readOnly);
        config.setConnectionTimeout(settings.connectionWait().toMillis());
        return new HikariDataSource(config);
    }
}
