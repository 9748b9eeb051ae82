package io.iron.engine.store.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;

/** Hands Helidon DbClient the connections of one of our HikariCP pools (there is no helidon-dbclient-hikari). */
record PooledConnections(DataSource pool, Failures failures) implements JdbcConnectionPool {

    @Override
    public Connection connection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            DatabaseException translated = failures.translate(e, "getting a connection");
            throw new DbClientException(translated.getMessage(), translated);
        }
    }
}
