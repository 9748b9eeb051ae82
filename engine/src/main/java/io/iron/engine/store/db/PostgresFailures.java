package io.iron.engine.store.db;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

import static io.iron.engine.store.db.DatabaseException.Reason.AUTH_FAILED;
import static io.iron.engine.store.db.DatabaseException.Reason.DATABASE_MISSING;
import static io.iron.engine.store.db.DatabaseException.Reason.DISK_FULL;
import static io.iron.engine.store.db.DatabaseException.Reason.LOCKED;
import static io.iron.engine.store.db.DatabaseException.Reason.UNREACHABLE;

/** PostgreSQL SQLStates and network failures turned into operator messages. */
record PostgresFailures(DatabaseUrl.Postgres url) implements Failures {

    private static final String URL_SHAPE = "postgresql://user:password@host:5432/database";

    @Override
    public String location() {
        return url.display();
    }

    @Override
    public Optional<DatabaseException> classify(Throwable failure, String doing) {
        SQLException sql = Failures.firstSqlException(failure);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String driver = Failures.rootMessage(failure);
        boolean network = Failures.find(failure, ConnectException.class) != null
                || Failures.find(failure, UnknownHostException.class) != null
                || Failures.find(failure, NoRouteToHostException.class) != null
                || Failures.find(failure, SocketTimeoutException.class) != null;
        if (network || state.startsWith("08")) {
            String why = Failures.find(failure, UnknownHostException.class) != null ? "unknown host " + url.host() : driver;
            return Optional.of(new DatabaseException(UNREACHABLE,
                    "PostgreSQL not reachable at " + url.hostAndPort() + " (" + why + ") while " + doing
                            + ". Start the server there, or set DATABASE_URL to where it runs, e.g. " + URL_SHAPE, failure));
        }
        DatabaseException translated = switch (state) {
            case "28P01", "28000" -> new DatabaseException(AUTH_FAILED,
                    "PostgreSQL at " + url.hostAndPort() + " refused user '" + (url.user() == null ? System.getProperty("user.name") : url.user())
                            + "' (" + driver + "). Fix the user and password in DATABASE_URL (" + URL_SHAPE + ").", failure);
            case "3D000" -> new DatabaseException(DATABASE_MISSING,
                    "database '" + url.database() + "' does not exist on PostgreSQL at " + url.hostAndPort()
                            + ". Create it (createdb -h " + url.host() + " -p " + url.port() + " " + url.database()
                            + ") or name another one in DATABASE_URL.", failure);
            case "53100" -> new DatabaseException(DISK_FULL,
                    "PostgreSQL at " + url.hostAndPort() + " is out of disk space (" + driver + ") while " + doing
                            + "; that write was not applied.", failure);
            case "55P03", "40P01" -> new DatabaseException(LOCKED,
                    "database " + url.display() + ": another session holds a lock Iron needs (" + driver + ") while "
                            + doing + "; retry, or find the blocking session in pg_stat_activity.", failure);
            default -> null;
        };
        return Optional.ofNullable(translated);
    }
}
