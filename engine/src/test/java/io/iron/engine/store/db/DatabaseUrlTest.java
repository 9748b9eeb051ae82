package io.iron.engine.store.db;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DATABASE_URL forms Iron accepts, and the ones it refuses with a message. */
class DatabaseUrlTest {

    private static final Path WORKING_DIRECTORY = Path.of("/srv/iron");

    private static DatabaseUrl parse(String url) {
        return DatabaseUrl.parse(url, WORKING_DIRECTORY);
    }

    @Test
    void theSeedsSqlxFormIsRelativeToTheWorkingDirectoryAndCreatesTheFile() {
        assertEquals(new DatabaseUrl.Sqlite(Path.of("/srv/iron/iron.db"), true), parse("sqlite://./iron.db?mode=rwc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:/data/x.db", "sqlite:///data/x.db", "jdbc:sqlite:/data/x.db", "jdbc:sqlite:file:/data/x.db",
            "/data/x.db"})
    void absoluteSqliteFormsNameTheFile(String url) {
        assertEquals(new DatabaseUrl.Sqlite(Path.of("/data/x.db"), true), parse(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite://../data/x.db", "sqlite:../data/x.db", "jdbc:sqlite:../data/x.db", "../data/x.db"})
    void relativeSqliteFormsResolveAgainstTheWorkingDirectory(String url) {
        assertEquals(new DatabaseUrl.Sqlite(Path.of("/srv/data/x.db"), true), parse(url));
    }

    @Test
    void aBarePathMayEndInSqliteOrSqlite3() {
        assertAll(
                () -> assertEquals(Dialect.SQLITE, parse("state/iron.sqlite").dialect()),
                () -> assertEquals(Dialect.SQLITE, parse("state/iron.sqlite3").dialect()));
    }

    @Test
    void modeRwDoesNotCreate() {
        assertFalse(((DatabaseUrl.Sqlite) parse("sqlite://./iron.db?mode=rw")).createIfMissing());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite://./iron.db?mode=ro", "sqlite::memory:", "sqlite://./iron.db?mode=memory",
            "sqlite://./iron.db?mode=bogus", "", "   ", "mysql://root@localhost/iron", "iron.txt"})
    void unusableUrlsAreRefusedWithAnExample(String url) {
        DatabaseException e = assertThrows(DatabaseException.class, () -> parse(url));
        assertAll(
                () -> assertEquals(DatabaseException.Reason.BAD_URL, e.reason()),
                () -> assertTrue(e.getMessage().contains("mode=rwc") || e.getMessage().contains("sqlite://./iron.db"), e.getMessage()));
    }

    @Test
    void postgresqlUrlCarriesUserPasswordAndParameters() {
        DatabaseUrl.Postgres pg = (DatabaseUrl.Postgres) parse("postgresql://iron:p%40ss+word@db.example:6543/bank?sslmode=require");
        assertAll(
                () -> assertEquals("db.example", pg.host()),
                () -> assertEquals(6543, pg.port()),
                () -> assertEquals("bank", pg.database()),
                () -> assertEquals("iron", pg.user()),
                () -> assertEquals("p@ss+word", pg.password()),
                () -> assertEquals(Map.of("sslmode", "require"), pg.parameters()),
                () -> assertEquals("jdbc:postgresql://db.example:6543/bank?sslmode=require", pg.jdbcUrl()),
                () -> assertEquals("postgresql://iron@db.example:6543/bank", pg.display(), "no password in display"));
    }

    @Test
    void postgresSchemeAndDefaultPortAreAccepted() {
        DatabaseUrl.Postgres pg = (DatabaseUrl.Postgres) parse("postgres://iron@localhost/bank");
        assertEquals("localhost:5432", pg.hostAndPort());
    }

    @Test
    void jdbcPostgresqlTakesUserAndPasswordFromItsParameters() {
        DatabaseUrl.Postgres pg = (DatabaseUrl.Postgres) parse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=s3cret&currentSchema=iron");
        assertAll(
                () -> assertEquals("postgres", pg.user()),
                () -> assertEquals("s3cret", pg.password()),
                () -> assertEquals("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=iron", pg.jdbcUrl()),
                () -> assertFalse(pg.display().contains("s3cret")));
    }

    @Test
    void aPostgresqlUrlWithoutDatabaseIsRefused() {
        DatabaseException e = assertThrows(DatabaseException.class, () -> parse("postgresql://iron:secret@localhost:5432"));
        assertAll(
                () -> assertTrue(e.getMessage().contains("names no database"), e.getMessage()),
                () -> assertFalse(e.getMessage().contains("secret"), "a password never appears in a message: " + e.getMessage()));
    }
}
