package io.iron.engine.store.db;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs without any PostgreSQL: port 1 on localhost refuses connections. */
class PostgresUnreachableTest {

    @Test
    void anUnreachablePostgresIsNamedWithHostAndPort() {
        DatabaseException e = assertThrows(DatabaseException.class, () -> Database.open("postgresql://iron@127.0.0.1:1/iron"));
        assertAll(
                () -> assertEquals(DatabaseException.Reason.UNREACHABLE, e.reason()),
                () -> assertTrue(e.getMessage().startsWith("PostgreSQL not reachable at 127.0.0.1:1"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("set DATABASE_URL"), e.getMessage()));
    }
}
