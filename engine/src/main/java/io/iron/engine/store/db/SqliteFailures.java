package io.iron.engine.store.db;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import static io.iron.engine.store.db.DatabaseException.Reason.DIRECTORY_UNUSABLE;
import static io.iron.engine.store.db.DatabaseException.Reason.DISK_FULL;
import static io.iron.engine.store.db.DatabaseException.Reason.FILE_UNUSABLE;
import static io.iron.engine.store.db.DatabaseException.Reason.LOCKED;
import static io.iron.engine.store.db.DatabaseException.Reason.NOT_A_DATABASE;

/** SQLite result codes (primary, the low byte of the extended code) turned into operator messages. */
record SqliteFailures(DatabaseUrl.Sqlite url, Duration busyTimeout) implements Failures {

    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    @Override
    public String location() {
        return url.display();
    }

    @Override
    public Optional<DatabaseException> classify(Throwable failure, String doing) {
        SQLException sql = sqliteException(failure);
        if (sql == null) {
            return Optional.empty();
        }
        String file = url.file().toString();
        String directory = String.valueOf(url.file().getParent());
        String driver = Failures.rootMessage(sql);
        DatabaseException translated = switch (sql.getErrorCode() & 0xFF) {
            case SQLITE_BUSY, SQLITE_LOCKED -> new DatabaseException(LOCKED,
                    "SQLite database " + file + " is locked: another process holds it (waited " + busyTimeout.toMillis()
                            + " ms, the busy_timeout, while " + doing + "). Stop the other process using this file "
                            + "(another Iron server, or a sqlite3 shell in the middle of a transaction) and retry.", failure);
            case SQLITE_FULL -> new DatabaseException(DISK_FULL,
                    "SQLite database " + file + ": the disk is full (SQLITE_FULL) while " + doing
                            + "; that write was not applied. Free space on the filesystem holding " + directory + ".", failure);
            case SQLITE_READONLY -> new DatabaseException(FILE_UNUSABLE,
                    "SQLite database " + file + " is read-only for this process (" + driver + ") while " + doing
                            + ". Give the user running Iron write access to the file and to " + directory
                            + " (SQLite writes its -wal and -shm files beside it).", failure);
            case SQLITE_CANTOPEN -> new DatabaseException(DIRECTORY_UNUSABLE,
                    "cannot open SQLite database " + file + " (" + driver + "). Check that " + directory
                            + " exists, is a directory and is writable by the user running Iron, or set DATABASE_URL elsewhere.", failure);
            case SQLITE_NOTADB, SQLITE_CORRUPT -> new DatabaseException(NOT_A_DATABASE,
                    file + " is not a usable SQLite database (" + driver + "). Point DATABASE_URL at Iron's database file, "
                            + "or at a new file name to start with an empty one.", failure);
            default -> null;
        };
        return Optional.ofNullable(translated);
    }

    private static SQLException sqliteException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getClass().getName().startsWith("org.sqlite.")) {
                return sql;
            }
        }
        return null;
    }
}
