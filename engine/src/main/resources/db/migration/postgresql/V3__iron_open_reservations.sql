-- V3: the reservations in flight get a small table of their own, instead of an index over the whole journal.
-- Twin of db/migration/sqlite/V3__iron_open_reservations.sql (see there for why).
CREATE TABLE iron_open_reservations (
  lease_id       TEXT NOT NULL,
  reservation_id TEXT NOT NULL,                               -- decimal text, as in iron_journal
  agent_id       BIGINT NOT NULL,
  amount_micros  BIGINT NOT NULL CHECK (amount_micros >= 0),  -- µ$ reserved
  created_at     BIGINT NOT NULL,                             -- ms
  PRIMARY KEY (lease_id, reservation_id)
);

-- Reservations a V2 journal left open (no 'settle' or 'release', no later 'expire' on the lease).
INSERT INTO iron_open_reservations (lease_id, reservation_id, agent_id, amount_micros, created_at)
SELECT r.lease_id, r.reservation_id, r.agent_id, r.amount_micros, r.created_at
FROM iron_journal r
WHERE r.kind = 'reserve' AND r.reservation_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM iron_journal s WHERE s.lease_id = r.lease_id
                  AND s.reservation_id = r.reservation_id AND s.kind IN ('settle', 'release'))
  AND NOT EXISTS (SELECT 1 FROM iron_journal e WHERE e.lease_id = r.lease_id AND e.kind = 'expire' AND e.seq > r.seq)
ON CONFLICT DO NOTHING;

DROP INDEX idx_iron_journal_lease;
