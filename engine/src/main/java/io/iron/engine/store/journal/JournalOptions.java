package io.iron.engine.store.journal;

/**
 * Limits of the {@link GroupCommitJournal}. {@code queueCapacity}: appends (one actor's records each) waiting for the
 * writer; when full, appenders block until the writer catches up (backpressure, never an unbounded queue).
 * {@code maxBatchRecords}: records written per transaction at most (one append is never split, so a batch may pass
 * it by one append's records).
 * <p>{@code budget_spent} and {@code iron_open_reservations} are derived from the journal. While batches are small
 * each writes its effects on them in its own transaction, so whoever reads them after an answer sees it. From a batch
 * of {@code deferDerivedFromRecords} records on (the writer is saturated) until their moving average (about the last
 * 8 batches) falls under a quarter of that,
 * batches may leave them in memory, on SQLite, for up to {@code derivedLagMillis}, where a reservation opened and
 * settled within that time costs nothing. They are always brought up to date before a bank operation or a ledger
 * load. {@code derivedLagMillis} 0 writes them in every batch;
 * PostgreSQL, where several nodes may share the database, always does.
 */
public record JournalOptions(int queueCapacity, int maxBatchRecords, int derivedLagMillis, int deferDerivedFromRecords) {

    public static final int DEFAULT_DERIVED_LAG_MILLIS = 50;
    public static final int DEFAULT_DEFER_DERIVED_FROM_RECORDS = 32;

    public static JournalOptions defaults() {
        return new JournalOptions(16_384, 8_192, DEFAULT_DERIVED_LAG_MILLIS, DEFAULT_DEFER_DERIVED_FROM_RECORDS);
    }

    public JournalOptions(int queueCapacity, int maxBatchRecords) {
        this(queueCapacity, maxBatchRecords, DEFAULT_DERIVED_LAG_MILLIS, DEFAULT_DEFER_DERIVED_FROM_RECORDS);
    }

    public JournalOptions {
        if (queueCapacity < 1 || maxBatchRecords < 1) {
            throw new IllegalArgumentException("queueCapacity and maxBatchRecords must be at least 1, were "
                    + queueCapacity + " and " + maxBatchRecords);
        }
        if (derivedLagMillis < 0 || derivedLagMillis > 60_000) {
            throw new IllegalArgumentException("derivedLagMillis must be between 0 and 60000, was " + derivedLagMillis);
        }
        if (deferDerivedFromRecords < 1) {
            throw new IllegalArgumentException("deferDerivedFromRecords must be at least 1, was " + deferDerivedFromRecords);
        }
    }

    public JournalOptions withDerivedLagMillis(int millis) {
        return new JournalOptions(queueCapacity, maxBatchRecords, millis, deferDerivedFromRecords);
    }

    /** 1: every batch may leave its effects for later (as under saturation); tests and crash runs use it. */
    public JournalOptions withDeferDerivedFromRecords(int records) {
        return new JournalOptions(queueCapacity, maxBatchRecords, derivedLagMillis, records);
    }
}
