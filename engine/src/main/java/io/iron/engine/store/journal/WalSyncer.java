package io.iron.engine.store.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The second half of the journal's pipelined commit: batches committed with {@code synchronous=NORMAL} queue here;
 * one thread fsyncs (fdatasync) the SQLite WAL file and then reports every batch that was committed before that fsync
 * began as durable. fsync works on the file, not on the descriptor, so it flushes the frames SQLite's connection
 * wrote. Order is kept: batches are reported in the order they were committed.
 * <p>The WAL of an open database is the same file for the database's life (SQLite deletes it only when the last
 * connection closes); the syncer still checks the file's identity before each fsync and reopens it if it changed.
 */
final class WalSyncer {

    private static final System.Logger LOG = System.getLogger(WalSyncer.class.getName());

    interface Done {
        void succeeded(List<GroupCommitJournal.Pending> batch, int recordCount);
    }

    interface Failed {
        void failed(List<GroupCommitJournal.Pending> batch, int recordCount, Throwable cause);
    }

    private record Committed(List<GroupCommitJournal.Pending> batch, int recordCount) { }

    private static final Committed FINISH = new Committed(List.of(), 0);

    private final Path wal;
    private final Done done;
    private final Failed failed;
    // Unbounded, yet bounded in practice: the journal's own queue holds the appenders back, and each batch here is
    // one the writer took from that queue.
    private final LinkedBlockingQueue<Committed> committed = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong fsyncs = new AtomicLong();
    private FileChannel channel;
    private Object fileKey;

    WalSyncer(Path wal, Done done, Failed failed) {
        this.wal = Objects.requireNonNull(wal, "wal");
        this.done = done;
        this.failed = failed;
        // A platform thread: it blocks in fsync, which would pin a carrier of the virtual-thread scheduler.
        this.thread = Thread.ofPlatform().name("iron-journal-fsync").daemon(true).unstarted(this::run);
        thread.start();
    }

    /** The writer committed this batch (without fsync); it is reported once an fsync that began afterwards returns. */
    void committed(List<GroupCommitJournal.Pending> batch, int recordCount) {
        committed.add(new Committed(batch, recordCount));
    }

    /** Syncs and reports what was committed so far, then stops. Called by the writer as it stops. */
    void finish() {
        committed.add(FINISH);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long fsyncs() {
        return fsyncs.get();
    }

    private void run() {
        List<Committed> group = new ArrayList<>();
        boolean finishing = false;
        try {
            while (!finishing) {
                group.add(committed.take());
                committed.drainTo(group);
                // By identity: a commit of derived rows alone has no appends and no records, so it equals FINISH.
                finishing = group.removeIf(c -> c == FINISH);
                if (group.isEmpty()) {
                    continue;
                }
                Throwable failure = null;
                try {
                    sync();
                } catch (IOException | UncheckedIOException e) {
                    failure = e;
                }
                for (Committed c : group) {
                    if (failure == null) {
                        done.succeeded(c.batch(), c.recordCount());
                    } else {
                        failed.failed(c.batch(), c.recordCount(), new IllegalStateException(
                                "could not fsync the SQLite write-ahead log " + wal + ": " + failure.getMessage(), failure));
                    }
                }
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeChannel();
        }
    }

    private void sync() throws IOException {
        Object key;
        try {
            key = Files.readAttributes(wal, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            throw new IOException("the write-ahead log " + wal + " is gone", e);
        }
        if (channel == null || !Objects.equals(key, fileKey)) {
            if (channel != null) {
                LOG.log(System.Logger.Level.INFO, "journal: the write-ahead log " + wal + " was replaced; syncing the new one");
            }
            closeChannel();
            channel = FileChannel.open(wal, StandardOpenOption.WRITE);
            fileKey = key;
        }
        channel.force(false);
        fsyncs.incrementAndGet();
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing " + wal, e);
            }
            channel = null;
        }
    }
}
