package io.iron.engine.store.db;

/**
 * A fresh, empty database for one test, of either dialect; {@link #close()} removes it. Other modules get these
 * helpers through the engine test-jar.
 */
public sealed interface TestDatabase extends AutoCloseable permits SqliteTestDatabase, PostgresTestDatabase {

    /** A new SQLite file in a temp dir, or a new schema on the test PostgreSQL (the test is SKIPPED if unreachable). */
    static TestDatabase create(Dialect dialect) {
        return switch (dialect) {
            case SQLITE -> SqliteTestDatabase.create();
            case POSTGRESQL -> PostgresTestDatabase.createOrSkip();
        };
    }

    Dialect dialect();

    /** The DATABASE_URL of this database. */
    String url();

    /** Opens (and migrates) it with {@link Database#open(String)}. */
    default Database open() {
        return Database.open(url());
    }

    @Override
    void close();
}
