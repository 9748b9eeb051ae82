package io.iron.engine.store.db;

/** The two stores Iron runs on. Each has its own migration folder, because their SQL differs (types, identity). */
public enum Dialect {
    /** Embedded default: one file, WAL, one write connection. */
    SQLITE("db/migration/sqlite"),
    /** Shared bank for several gateway nodes. */
    POSTGRESQL("db/migration/postgresql");

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Classpath folder holding this dialect's Flyway migrations ({@code V<n>__<name>.sql}). */
    public String migrationFolder() {
        return migrationFolder;
    }
}
