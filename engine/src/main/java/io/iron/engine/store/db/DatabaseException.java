package io.iron.engine.store.db;

/**
 * A database problem an operator can act on. The message is meant to be shown as is (at startup it is the
 * server's last words): it names the file, host or setting at fault and says what to do.
 */
public final class DatabaseException extends RuntimeException {

    /** What went wrong, for callers that react differently (e.g. retry on {@link #LOCKED}, refuse on the rest). */
    public enum Reason {
        /** DATABASE_URL is empty, malformed or asks for something Iron cannot do (read-only, in-memory). */
        BAD_URL,
        /** The database file's directory is missing, is not a directory, or cannot be written. */
        DIRECTORY_UNUSABLE,
        /** The database file is missing ({@code mode=rw}) or read-only for this process. */
        FILE_UNUSABLE,
        /** The file is not a SQLite database, or is corrupt. */
        NOT_A_DATABASE,
        /** Another process holds the lock beyond busy_timeout. */
        LOCKED,
        /** The disk (or PostgreSQL's) is full; the write was not applied. */
        DISK_FULL,
        /** The schema was migrated by a newer Iron than this one. */
        SCHEMA_TOO_NEW,
        /** The database has tables but no Iron schema history: it was made by something else. */
        FOREIGN_SCHEMA,
        /** Migrations failed or the applied ones do not match this build's (edited, missing). */
        MIGRATION_FAILED,
        /** PostgreSQL cannot be reached at the configured host and port. */
        UNREACHABLE,
        /** PostgreSQL refused the user or password. */
        AUTH_FAILED,
        /** The PostgreSQL database named in the URL does not exist. */
        DATABASE_MISSING,
        /** Anything else; the message carries the driver's own text. */
        OTHER
    }

    private final Reason reason;

    public DatabaseException(Reason reason, String message) {
        this(reason, message, null);
    }

    public DatabaseException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
