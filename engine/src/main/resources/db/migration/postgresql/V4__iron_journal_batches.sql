-- V4: the journal is written one row per group commit. Twin of db/migration/sqlite/V4__iron_journal_batches.sql (see
-- there for why). On PostgreSQL, where several nodes may share the database, every batch brings budget_spent and
-- iron_open_reservations up to date in its own transaction: iron_journal_unapplied stays empty.
ALTER TABLE iron_journal RENAME TO iron_journal_rows;

CREATE TABLE iron_journal_batches (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  first_seq    BIGINT NOT NULL,
  record_count INTEGER NOT NULL CHECK (record_count >= 0),
  records      TEXT NOT NULL,
  created_at   BIGINT NOT NULL
);
CREATE TABLE iron_journal_unapplied (
  seq BIGINT PRIMARY KEY
);

CREATE VIEW iron_journal AS
SELECT seq, lease_id, agent_id, kind, reservation_id, request_id, amount_micros, overrun_micros, created_at
FROM iron_journal_rows
UNION ALL
SELECT b.first_seq + r.ord - 1 AS seq,
       r.value ->> 0 AS lease_id,
       (r.value ->> 1)::BIGINT AS agent_id,
       r.value ->> 2 AS kind,
       NULLIF(r.value ->> 3, '0') AS reservation_id,
       r.value ->> 4 AS request_id,
       (r.value ->> 5)::BIGINT AS amount_micros,
       (r.value ->> 6)::BIGINT AS overrun_micros,
       (r.value ->> 7)::BIGINT AS created_at
FROM iron_journal_batches b, json_array_elements(b.records::json) WITH ORDINALITY AS r(value, ord);
