-- V2: Iron's own tables (not in the reference), SQLite dialect. Units: µ$ and ms, INTEGER.
--
-- None of these tables has a FOREIGN KEY, on purpose: they are the durable record of money that moved
-- (D13, D14) and must outlive the rows they mention. The seed doc's "INSERT OR REPLACE INTO agents" and
-- "INSERT OR REPLACE INTO agent_budgets" delete and re-insert the row, and with foreign keys ON that
-- delete cascades to the agent's budget_leases; a foreign key from here would either be cascaded away
-- with them or make the seed's statement fail.
--
-- budget_leases keeps exactly the reference columns. What D13 needs is already there: expires_at (ms,
-- moved forward on use), lease_status ('expired' when the TTL ran out, 'closed' on return), closed_at and
-- returned_amount (0 for an expired lease: its whole grant counts as spent). A lease's reservations live
-- in memory and in iron_journal, so no reserved column is added: it would be a second copy of the
-- journal's truth, written on every request.

-- Every reservation, settlement and lease event, appended by the single journal writer (group commit).
-- Recovery replays it per lease: a 'reserve' without a matching 'settle' or 'release' (same
-- reservation_id) was in flight at the crash and counts at its full amount (D14).
CREATE TABLE iron_journal (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,       -- total order of the journal, never reused
  lease_id       TEXT NOT NULL,
  agent_id       INTEGER NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('reserve', 'settle', 'release', 'report', 'open', 'close',
                                               'expire', 'reclaim')),
  reservation_id TEXT NULL,
  request_id     TEXT NULL,
  amount_micros  INTEGER NOT NULL CHECK (amount_micros >= 0),           -- µ$, a magnitude; kind gives the sign
  overrun_micros INTEGER NOT NULL DEFAULT 0 CHECK (overrun_micros >= 0), -- µ$ settled above the reservation
  created_at     INTEGER NOT NULL                                         -- ms
);
CREATE INDEX idx_iron_journal_lease ON iron_journal (lease_id, seq);

-- Idempotent usage reports (D10): one row per (lease, request_id); a replay answers response_json again
-- and charges nothing.
CREATE TABLE iron_lease_requests (
  lease_id      TEXT NOT NULL,
  request_id    TEXT NOT NULL,
  cost_micros   INTEGER NOT NULL CHECK (cost_micros >= 0), -- µ$
  response_json TEXT NOT NULL,                             -- the body answered the first time
  created_at    INTEGER NOT NULL,                          -- ms
  PRIMARY KEY (lease_id, request_id)
);

-- Explicit admin reclaims of leases (D13), who and why.
CREATE TABLE iron_lease_reclaims (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  lease_id      TEXT NOT NULL,
  agent_id      INTEGER NOT NULL,
  amount_micros INTEGER NOT NULL CHECK (amount_micros >= 0), -- µ$ given back to the agent's bank
  reason        TEXT NOT NULL,
  actor         TEXT NOT NULL,                               -- who reclaimed (user id or "cli:<user>")
  created_at    INTEGER NOT NULL                             -- ms
);
CREATE INDEX idx_iron_lease_reclaims_lease ON iron_lease_reclaims (lease_id);
