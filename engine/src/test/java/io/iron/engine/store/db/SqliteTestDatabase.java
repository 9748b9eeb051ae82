package io.iron.engine.store.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A SQLite database file {@code iron.db} in its own temp directory, deleted with the directory on close. */
public final class SqliteTestDatabase implements TestDatabase {

    private final Path directory;

    private SqliteTestDatabase(Path directory) {
        this.directory = directory;
    }

    public static SqliteTestDatabase create() {
        try {
            return new SqliteTestDatabase(Files.createTempDirectory("iron-sqlite-test-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory for a test database", e);
        }
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    /** The temp directory holding the file (and its -wal, -shm). */
    public Path directory() {
        return directory;
    }

    public Path file() {
        return directory.resolve("iron.db");
    }

    /** In the seed doc's form: {@code sqlite://<abs path>/iron.db?mode=rwc}. */
    @Override
    public String url() {
        return "sqlite://" + file() + "?mode=rwc";
    }

    @Override
    public void close() {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete test database directory " + directory, e);
        }
    }

    @Override
    public String toString() {
        return "SQLite " + file();
    }
}
