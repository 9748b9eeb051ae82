-- V4: the journal is written one row per group commit, and the tables derived from it may trail it for a moment.
--
-- Measured before this change (io.iron.perf.store.PairProbe, SQLite FULL, 1,000 agents, 512 in flight): of ~43 µs of
-- CPU per durable reserve→settle pair, ~18 µs went to the two iron_journal rows (eight bound parameters each through
-- JDBC), ~8 µs to iron_open_reservations (an INSERT and a DELETE) and ~14 µs to the budget_leases UPDATE (which also
-- moves idx_budget_leases_updated). With none of them written the same loop ran at 7 µs per pair.
--
-- So, from V4 on:
-- * iron_journal_batches holds one row per transaction of the journal writer: its records as one JSON array
--   [[lease_id, agent_id, kind, reservation_id, request_id, amount_micros, overrun_micros, created_at], ...].
--   It is what makes an acknowledged record durable, as iron_journal's rows were.
-- * budget_leases.budget_spent and iron_open_reservations are derived from the journal. The writer brings them up to
--   date in the batch's own transaction while batches are small; a saturated writer (batches of 32 records or more)
--   may leave them for up to 50 ms (then writes them with a batch, or alone when none comes), and always writes them
--   before a bank operation on a lease or an actor (re)loading its ledger (Journal.applied()). A batch whose
--   effects are not in those tables yet is listed in iron_journal_unapplied; at startup those are applied first
--   (recovery), so a crash between a batch and the update of the derived tables loses nothing.
-- * iron_journal becomes a view with the same columns, one row per record: the rows written before V4
--   (iron_journal_rows) followed by the records of the batches, in commit order.
ALTER TABLE iron_journal RENAME TO iron_journal_rows;

CREATE TABLE iron_journal_batches (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,            -- commit order, never reused
  first_seq    INTEGER NOT NULL,                             -- the journal-wide sequence number of its first record
  record_count INTEGER NOT NULL CHECK (record_count >= 0),
  records      TEXT NOT NULL,                                -- JSON array of records, see above
  created_at   INTEGER NOT NULL                              -- ms
);
-- The batches whose effects are not in budget_spent and iron_open_reservations yet (a row here is cheaper to add and
-- remove than a flag on a batch row, whose records usually spill onto overflow pages).
CREATE TABLE iron_journal_unapplied (
  seq INTEGER PRIMARY KEY                                    -- iron_journal_batches.seq
);

CREATE VIEW iron_journal AS
SELECT seq, lease_id, agent_id, kind, reservation_id, request_id, amount_micros, overrun_micros, created_at
FROM iron_journal_rows
UNION ALL
SELECT b.first_seq + CAST(r.key AS INTEGER) AS seq,
       json_extract(r.value, '$[0]') AS lease_id,
       CAST(json_extract(r.value, '$[1]') AS INTEGER) AS agent_id,
       json_extract(r.value, '$[2]') AS kind,
       CASE WHEN json_extract(r.value, '$[3]') = 0 THEN NULL ELSE CAST(json_extract(r.value, '$[3]') AS TEXT) END
         AS reservation_id,
       json_extract(r.value, '$[4]') AS request_id,
       CAST(json_extract(r.value, '$[5]') AS INTEGER) AS amount_micros,
       CAST(json_extract(r.value, '$[6]') AS INTEGER) AS overrun_micros,
       CAST(json_extract(r.value, '$[7]') AS INTEGER) AS created_at
FROM iron_journal_batches b, json_each(b.records) r;
