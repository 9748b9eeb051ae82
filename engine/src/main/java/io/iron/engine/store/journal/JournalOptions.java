package io.iron.engine.store.journal;

/**
 * Limits of the {@link GroupCommitJournal}. {@code queueCapacity}: appends (one actor's records each) waiting for the
 * writer; when full, appenders block until the writer catches up (backpressure, never an unbounded queue).
 * {@code maxBatchRecords}: records written per transaction at most (one append is never split, so a batch may pass
 * it by one append's records). {@code derivedLagMillis}: on SQLite, how long {@code budget_spent} and
 * {@code iron_open_reservations} may trail the journal (the writer brings them up to date at least that often, and
 * before any bank operation or ledger load); 0 brings them up to date in every batch. PostgreSQL, where several
 * nodes may share the database, always uses 0.
 */
public record JournalOptions(int queueCapacity, int maxBatchRecords, int derivedLagMillis) {

    public static final int DEFAULT_DERIVED_LAG_MILLIS = 50;

    public static JournalOptions defaults() {
        return new JournalOptions(16_384, 8_192, DEFAULT_DERIVED_LAG_MILLIS);
    }

    public JournalOptions(int queueCapacity, int maxBatchRecords) {
        this(queueCapacity, maxBatchRecords, DEFAULT_DERIVED_LAG_MILLIS);
    }

    public JournalOptions {
        if (queueCapacity < 1 || maxBatchRecords < 1) {
            throw new IllegalArgumentException("queueCapacity and maxBatchRecords must be at least 1, were "
                    + queueCapacity + " and " + maxBatchRecords);
        }
        if (derivedLagMillis < 0 || derivedLagMillis > 60_000) {
            throw new IllegalArgumentException("derivedLagMillis must be between 0 and 60000, was " + derivedLagMillis);
        }
    }

    public JournalOptions withDerivedLagMillis(int millis) {
        return new JournalOptions(queueCapacity, maxBatchRecords, millis);
    }
}
