package io.iron.engine.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Keeps every record in memory (tests, demo); "durable" at once. {@link #discarding()} keeps nothing (benchmarks). */
public final class InMemoryJournal implements Journal {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private final List<JournalRecord> records;

    private InMemoryJournal(boolean keep) {
        this.records = keep ? new ArrayList<>() : null;
    }

    public InMemoryJournal() {
        this(true);
    }

    public static InMemoryJournal discarding() {
        return new InMemoryJournal(false);
    }

    @Override
    public CompletableFuture<Void> append(List<JournalRecord> batch) {
        if (records != null) {
            synchronized (records) {
                records.addAll(batch);
            }
        }
        return DONE;
    }

    public List<JournalRecord> records() {
        if (records == null) {
            return List.of();
        }
        synchronized (records) {
            return List.copyOf(records);
        }
    }
}
