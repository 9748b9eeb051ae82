package io.iron.engine.store.db;

import java.nio.file.Files;
import java.nio.file.Path;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import static io.iron.engine.store.db.DatabaseException.Reason.DIRECTORY_UNUSABLE;
import static io.iron.engine.store.db.DatabaseException.Reason.FILE_UNUSABLE;

/** The SQLite file: checks made before opening it, and the connection settings of its writer and readers. */
final class SqliteFiles {

    private SqliteFiles() {
    }

    /**
     * Fails with a message naming the path when the file cannot be created or written. SQLite itself would only
     * say "unable to open database file", without the path and without why.
     */
    static void checkUsable(DatabaseUrl.Sqlite url) {
        Path file = url.file();
        Path directory = file.getParent();
        if (directory == null || !Files.exists(directory)) {
            Path missing = firstMissing(directory);
            throw new DatabaseException(DIRECTORY_UNUSABLE, "cannot create SQLite database " + file + ": directory "
                    + missing + " does not exist. Create it (mkdir -p " + directory + ") or set DATABASE_URL to a file in an existing directory.");
        }
        if (!Files.isDirectory(directory)) {
            throw new DatabaseException(DIRECTORY_UNUSABLE, "cannot create SQLite database " + file + ": " + directory
                    + " is not a directory. Set DATABASE_URL to a file inside a directory.");
        }
        if (!Files.isWritable(directory)) {
            throw new DatabaseException(DIRECTORY_UNUSABLE, "cannot use SQLite database " + file + ": directory " + directory
                    + " is not writable by this process (SQLite writes its -wal and -shm files there). "
                    + "Give the user running Iron write access or set DATABASE_URL elsewhere.");
        }
        if (Files.exists(file)) {
            if (Files.isDirectory(file)) {
                throw new DatabaseException(FILE_UNUSABLE, "SQLite database path " + file + " is a directory, not a file. Set DATABASE_URL to a file name.");
            }
            if (!Files.isWritable(file)) {
                throw new DatabaseException(FILE_UNUSABLE, "SQLite database " + file
                        + " is not writable by this process. Give the user running Iron write access to it.");
            }
        } else if (!url.createIfMissing()) {
            throw new DatabaseException(FILE_UNUSABLE, "SQLite database " + file
                    + " does not exist and DATABASE_URL says mode=rw (do not create). Use mode=rwc to create it, or fix the path.");
        }
    }

    /**
     * Connections that write: WAL, foreign keys on, IMMEDIATE transactions (see STACK.md §4). No automatic
     * checkpoints: SQLite would run one inside whichever commit crosses 1000 WAL pages, copying pages and fsyncing the
     * database file while every caller waits on that commit; {@link WalCheckpointer} does it beside the writer.
     */
    static SQLiteDataSource writing(DatabaseUrl.Sqlite url, DatabaseSettings settings) {
        SQLiteConfig config = writerConfig(settings);
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "0");
        return dataSource(url, config);
    }

    /** The connection of the {@link WalCheckpointer}: the writer's settings (it writes the database file). */
    static SQLiteDataSource checkpointing(DatabaseUrl.Sqlite url, DatabaseSettings settings) {
        return dataSource(url, writerConfig(settings));
    }

    private static SQLiteConfig writerConfig(DatabaseSettings settings) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout((int) settings.busyTimeout().toMillis());
        config.setSynchronous(settings.sqliteSynchronousFull() ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        // DEFERRED transactions that read first cannot upgrade to a write lock under contention (SQLITE_BUSY at
        // once, whatever busy_timeout says); IMMEDIATE takes the write lock at BEGIN and waits properly.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        noGeneratedKeys(config);
        return config;
    }

    /**
     * Connections for Flyway: the writer's settings but foreign keys OFF. A migration that rebuilds a table (SQLite's
     * way to change a column) drops the old one, and with foreign keys ON that DROP would cascade-delete every row
     * that references it (the reference lost data this way, its issue-003). Flyway runs each migration in a
     * transaction, inside which PRAGMA foreign_keys cannot be changed, so it is set per connection here.
     */
    static SQLiteDataSource migrating(DatabaseUrl.Sqlite url, DatabaseSettings settings) {
        SQLiteConfig config = writerConfig(settings);
        config.enforceForeignKeys(false);
        return dataSource(url, config);
    }

    /**
     * Iron reads new keys with RETURNING. With generated keys on (sqlite-jdbc's default) the driver runs a regex over
     * the SQL of every statement executed and, for an INSERT, a {@code SELECT last_insert_rowid()} on a new statement
     * (seen in JFR allocation samples of the journal writer's per-batch pragmas).
     */
    private static void noGeneratedKeys(SQLiteConfig config) {
        config.setGetGeneratedKeys(false);
    }

    /** Read-only connections; in WAL mode they read while the writer writes. */
    static SQLiteDataSource reading(DatabaseUrl.Sqlite url, DatabaseSettings settings) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        noGeneratedKeys(config);
        config.setBusyTimeout((int) settings.busyTimeout().toMillis());
        config.enforceForeignKeys(true);
        return dataSource(url, config);
    }

    private static SQLiteDataSource dataSource(DatabaseUrl.Sqlite url, SQLiteConfig config) {
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url.jdbcUrl());
        return source;
    }

    private static Path firstMissing(Path directory) {
        Path missing = directory;
        while (missing != null && missing.getParent() != null && !Files.exists(missing.getParent())) {
            missing = missing.getParent();
        }
        return missing;
    }
}
