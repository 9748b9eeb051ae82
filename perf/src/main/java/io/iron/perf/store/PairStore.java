package io.iron.perf.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.Comparator;
import java.util.stream.Stream;

import io.iron.engine.store.bank.Transactions;
import io.iron.engine.store.db.Database;
import io.iron.engine.store.db.DatabaseSettings;

/** A fresh SQLite file in a temp directory holding {@code agents} agents with (practically) endless budgets. */
final class PairStore implements AutoCloseable {

    static final long ALLOCATED_MICROS = 1_000_000_000_000_000L;

    final Path dir;
    final Database db;
    final int agents;

    PairStore(int agents, boolean synchronousFull) {
        try {
            this.dir = Files.createTempDirectory("iron-durable-pairs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.agents = agents;
        this.db = Database.open("sqlite://" + dir.resolve("iron.db") + "?mode=rwc",
                DatabaseSettings.defaults().withSqliteSynchronousFull(synchronousFull));
        Transactions.inTransaction(db, c -> {
            try (PreparedStatement a = c.prepareStatement("INSERT INTO agents (id, name, providers, created_at, owner_id)"
                    + " VALUES (?, ?, '[\"openai\"]', 1, 'user_admin')");
                 PreparedStatement b = c.prepareStatement("INSERT INTO agent_budgets (agent_id, total_allocated,"
                         + " total_spent, budget_remaining, created_at, updated_at) VALUES (?, ?, 0, ?, 1, 1)")) {
                for (long id = 1; id <= agents; id++) {
                    a.setLong(1, id);
                    a.setString(2, "agent_" + id);
                    a.addBatch();
                    b.setLong(1, id);
                    b.setLong(2, ALLOCATED_MICROS);
                    b.setLong(3, ALLOCATED_MICROS);
                    b.addBatch();
                }
                a.executeBatch();
                b.executeBatch();
            }
            return null;
        });
    }

    /** Agent ids are 1..agents. */
    long agent(int index) {
        return index + 1;
    }

    @Override
    public void close() {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
