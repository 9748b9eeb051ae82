package io.iron.engine.store.db;

import java.sql.SQLException;
import java.util.Optional;

/** Turns driver, pool and Flyway exceptions into {@link DatabaseException}s whose message an operator can act on. */
sealed interface Failures permits SqliteFailures, PostgresFailures {

    /** The specific reasons this dialect recognises, or empty. {@code doing} is e.g. "migrating the schema". */
    Optional<DatabaseException> classify(Throwable failure, String doing);

    /** Where the data lives, as messages name it. */
    String location();

    default DatabaseException translate(Throwable failure, String doing) {
        if (failure instanceof DatabaseException known) {
            return known;
        }
        return classify(failure, doing).orElseGet(() -> new DatabaseException(DatabaseException.Reason.OTHER,
                "database " + location() + ": " + doing + " failed: " + rootMessage(failure), failure));
    }

    /** The first SQLException in the cause chain, or null. */
    static SQLException firstSqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The innermost message, which is usually the driver's own words. */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
    }
}
