package io.iron.engine.store.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;

import io.iron.engine.store.StoreFixture;
import io.iron.engine.store.bank.Transactions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SQLite's write-ahead log is moved into the database file beside the writer, never inside one of its commits. */
class WalCheckpointerTest {

    @Test
    void theWriterNeverCheckpointsAndTheCheckpointerCatchesUp() throws Exception {
        try (StoreFixture fx = StoreFixture.create(Dialect.SQLITE)) {
            Database db = fx.db();
            try (Connection c = db.writer().getConnection()) {
                assertEquals("0", StoreFixture.lines(c, "PRAGMA wal_autocheckpoint").getFirst(),
                        "the write connection leaves checkpoints to the checkpointer");
            }
            long before = db.checkpointer().checkpoints();
            // Well past SQLite's 1000-page automatic threshold: ~2 MB of rows in 20 commits.
            for (int t = 0; t < 20; t++) {
                int base = t * 1000;
                Transactions.inTransaction(db, c -> {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO iron_lease_reclaims (lease_id, agent_id,"
                            + " amount_micros, reason, actor, created_at) VALUES (?, 1, 1, ?, 'test', 1)")) {
                        for (int i = 0; i < 1000; i++) {
                            s.setString(1, "lease_" + (base + i));
                            s.setString(2, "x".repeat(80));
                            s.addBatch();
                        }
                        s.executeBatch();
                    }
                    return null;
                });
            }
            Path file = ((DatabaseUrl.Sqlite) DatabaseUrl.parse(fx.url())).file();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((db.checkpointer().checkpoints() == before || db.checkpointer().walPagesLeft() > 0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(db.checkpointer().checkpoints() > before, "a checkpoint ran beside the writer");
            assertEquals(0, db.checkpointer().walPagesLeft(), "the whole log reached the database file");
            assertTrue(Files.size(file) > 1_000_000, "the rows are in " + file + " itself: " + Files.size(file) + " bytes");
            assertEquals(20_000, fx.number("SELECT count(*) FROM iron_lease_reclaims WHERE actor = 'test'"));
        }
    }

    /** A writer that never stops would keep SQLite from ever starting the log over; the RESTART step does it. */
    @Test
    void aLogPastTheThresholdIsStartedOverSoItStaysBounded() throws Exception {
        try (StoreFixture fx = StoreFixture.create(Dialect.SQLITE)) {
            Database db = fx.db();
            DatabaseUrl.Sqlite url = (DatabaseUrl.Sqlite) DatabaseUrl.parse(fx.url());
            Path wal = url.file().resolveSibling(url.file().getFileName() + "-wal");
            long maxWalBytes = 0;
            try (WalCheckpointer small = new WalCheckpointer(SqliteFiles.checkpointing(url, DatabaseSettings.defaults()),
                    db.writer(), url.display(), 20, 64)) {
                for (int t = 0; t < 300; t++) { // commit after commit, as a busy journal writer does
                    int base = t * 100;
                    Transactions.inTransaction(db, c -> {
                        try (PreparedStatement s = c.prepareStatement("INSERT INTO iron_lease_reclaims (lease_id,"
                                + " agent_id, amount_micros, reason, actor, created_at) VALUES (?, 1, 1, ?, 'test', 1)")) {
                            for (int i = 0; i < 100; i++) {
                                s.setString(1, "lease_" + (base + i));
                                s.setString(2, "y".repeat(200));
                                s.addBatch();
                            }
                            s.executeBatch();
                        }
                        return null;
                    });
                    maxWalBytes = Math.max(maxWalBytes, Files.size(wal));
                    // A busy writer still leaves gaps; without them a checkpointer starved by a loaded machine (the
                    // whole suite runs beside this) may not get its turn before the 300 commits are done.
                    Thread.sleep(2);
                }
                assertTrue(small.restarts() > 0, "the log was started over at least once");
            }
            // ~7 MB written; without restarts the log would hold all of it.
            assertTrue(maxWalBytes < 5_000_000, "the log stayed bounded: at most " + maxWalBytes + " bytes");
            assertEquals(30_000, fx.number("SELECT count(*) FROM iron_lease_reclaims WHERE actor = 'test'"));
        }
    }

    @Test
    void postgresqlHasNone() {
        try (StoreFixture fx = StoreFixture.create(Dialect.POSTGRESQL)) {
            assertNull(fx.db().checkpointer());
        }
    }
}
