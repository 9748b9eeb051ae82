-- V1: the reference schema (iron_token_manager migrations 001-022, final state), SQLite dialect.
--
-- Same table names, column names and units as the reference so that the seed doc's sqlite3 statements
-- run unchanged (PROTOCOL.md D4). Units: money is INTEGER microdollars (µ$); timestamps are INTEGER
-- milliseconds since the epoch, except agents.ic_token_created_at (seconds, as in the reference).
-- Flags are INTEGER 0/1 (the PostgreSQL twin of this file uses INTEGER too, so one SQL text fits both).
--
-- The server opens every connection with PRAGMA foreign_keys=ON (the sqlite3 shell does not), so the
-- rows that the seed doc's statements point at must exist before the seed runs; see the two seeded rows
-- at the end of this file.

CREATE TABLE users (
  id                    TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 255),
  username              TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 255),
  password_hash         TEXT NOT NULL CHECK (length(password_hash) BETWEEN 1 AND 255),
  email                 TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 1 AND 255),
  role                  TEXT NOT NULL DEFAULT 'user' CHECK (length(role) BETWEEN 1 AND 50),
  name                  TEXT,
  is_active             INTEGER NOT NULL DEFAULT 1,
  created_at            INTEGER NOT NULL,                 -- ms
  last_login            INTEGER,                          -- ms
  suspended_at          INTEGER,                          -- ms
  suspended_by          TEXT REFERENCES users (id) ON DELETE SET NULL,
  deleted_at            INTEGER,                          -- ms
  deleted_by            TEXT REFERENCES users (id) ON DELETE SET NULL,
  force_password_change INTEGER NOT NULL DEFAULT 0,
  failed_login_count    INTEGER NOT NULL DEFAULT 0,
  last_failed_login     INTEGER,                          -- ms
  locked_until          INTEGER                           -- ms
);
CREATE INDEX idx_users_email ON users (email);
CREATE INDEX idx_users_role ON users (role);
CREATE INDEX idx_users_is_active ON users (is_active);

-- Revoked JWTs (logout). Times in ms like every other column here.
CREATE TABLE token_blacklist (
  jti            TEXT PRIMARY KEY CHECK (length(jti) BETWEEN 1 AND 255),
  user_id        TEXT NOT NULL CHECK (length(user_id) BETWEEN 1 AND 255),
  blacklisted_at INTEGER NOT NULL,                        -- ms
  expires_at     INTEGER NOT NULL                         -- ms
);
CREATE INDEX idx_token_blacklist_user_id ON token_blacklist (user_id);
CREATE INDEX idx_token_blacklist_expires_at ON token_blacklist (expires_at);

-- Provider keys at rest: AES-256-GCM, base64(ciphertext||tag) + base64(nonce) (PROTOCOL.md §2.3).
CREATE TABLE ai_provider_keys (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  provider           TEXT NOT NULL CHECK (provider IN ('openai', 'anthropic')),
  encrypted_api_key  TEXT NOT NULL,
  encryption_nonce   TEXT NOT NULL,
  base_url           TEXT CHECK (base_url IS NULL OR length(base_url) <= 2000),
  description        TEXT CHECK (description IS NULL OR length(description) <= 500),
  is_enabled         INTEGER NOT NULL DEFAULT 1,
  created_at         INTEGER NOT NULL,                    -- ms
  last_used_at       INTEGER,                             -- ms
  balance_cents      INTEGER,
  balance_updated_at INTEGER,                             -- ms
  user_id            TEXT NOT NULL CHECK (length(user_id) BETWEEN 1 AND 500)
);
CREATE INDEX idx_ai_provider_keys_user_id ON ai_provider_keys (user_id);
CREATE INDEX idx_ai_provider_keys_provider ON ai_provider_keys (provider);
CREATE INDEX idx_ai_provider_keys_is_enabled ON ai_provider_keys (is_enabled);

CREATE TABLE project_provider_key_assignments (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id      TEXT NOT NULL CHECK (length(project_id) BETWEEN 1 AND 500),
  provider_key_id INTEGER NOT NULL REFERENCES ai_provider_keys (id) ON DELETE CASCADE,
  assigned_at     INTEGER NOT NULL,                       -- ms
  UNIQUE (project_id, provider_key_id)
);
CREATE INDEX idx_project_key_assignments_project_id ON project_provider_key_assignments (project_id);
CREATE INDEX idx_project_key_assignments_key_id ON project_provider_key_assignments (provider_key_id);

CREATE TABLE agents (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  name                TEXT NOT NULL,
  providers           TEXT NOT NULL,                      -- JSON array, e.g. ["openai"]
  created_at          INTEGER NOT NULL,                   -- ms
  owner_id            TEXT REFERENCES users (id) ON DELETE CASCADE,
  provider_key_id     INTEGER REFERENCES ai_provider_keys (id) ON DELETE SET NULL,
  ic_token_hash       TEXT,                               -- SHA-256 hex; NULL = any valid IC token (D15)
  ic_token_created_at INTEGER                             -- SECONDS, as in the reference
);
CREATE INDEX idx_agents_created_at ON agents (created_at);
CREATE INDEX idx_agents_owner_id ON agents (owner_id);

-- The bank: per agent total_allocated = total_spent + budget_remaining (µ$).
CREATE TABLE agent_budgets (
  agent_id         INTEGER PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
  total_allocated  INTEGER NOT NULL,                      -- µ$
  total_spent      INTEGER NOT NULL DEFAULT 0,            -- µ$
  budget_remaining INTEGER NOT NULL,                      -- µ$
  created_at       INTEGER NOT NULL,                      -- ms
  updated_at       INTEGER NOT NULL                       -- ms
);
CREATE INDEX idx_agent_budgets_updated ON agent_budgets (updated_at);

CREATE TABLE budget_leases (
  id              TEXT PRIMARY KEY,                       -- lease_<uuid v4>
  agent_id        INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  budget_id       INTEGER NOT NULL REFERENCES agent_budgets (agent_id) ON DELETE CASCADE,
  budget_granted  INTEGER NOT NULL,                       -- µ$
  budget_spent    INTEGER NOT NULL DEFAULT 0,             -- µ$
  lease_status    TEXT NOT NULL DEFAULT 'active',         -- active | expired | closed | revoked
  created_at      INTEGER NOT NULL,                       -- ms
  expires_at      INTEGER NULL,                           -- ms; NULL = no expiry
  returned_amount INTEGER DEFAULT 0,                      -- µ$
  closed_at       INTEGER,                                -- ms
  updated_at      INTEGER                                 -- ms
);
CREATE INDEX idx_budget_leases_agent ON budget_leases (agent_id);
CREATE INDEX idx_budget_leases_status ON budget_leases (lease_status);
CREATE INDEX idx_budget_leases_created ON budget_leases (created_at);
CREATE INDEX idx_budget_leases_updated ON budget_leases (updated_at);

-- Per-owner "bank" of the reference (current_cost_microdollars_this_month: +granted, -returned).
CREATE TABLE usage_limits (
  id                                   INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id                              TEXT NOT NULL,
  project_id                           TEXT,
  max_tokens_per_day                   INTEGER,
  max_requests_per_minute              INTEGER,
  max_cost_microdollars_per_month      INTEGER NULL,      -- µ$; NULL = no limit
  current_tokens_today                 INTEGER NOT NULL DEFAULT 0,
  current_requests_this_minute         INTEGER NOT NULL DEFAULT 0,
  current_cost_microdollars_this_month INTEGER NOT NULL DEFAULT 0, -- µ$
  tokens_reset_at                      INTEGER,           -- ms
  requests_reset_at                    INTEGER,           -- ms
  cost_reset_at                        INTEGER,           -- ms
  created_at                           INTEGER NOT NULL,  -- ms
  updated_at                           INTEGER NOT NULL,  -- ms
  CONSTRAINT user_project_unique UNIQUE (user_id, project_id)
);
CREATE INDEX idx_usage_limits_user_id ON usage_limits (user_id);
CREATE INDEX idx_usage_limits_project_id ON usage_limits (project_id);
-- Stricter than the reference: UNIQUE (user_id, project_id) lets any number of rows with a NULL
-- project_id through (NULLs are distinct), so the seed's "INSERT OR IGNORE INTO usage_limits" added one
-- more user_admin row on every run and the owner's bank was counted once per duplicate. With this index
-- the second run is ignored, as the seed intends.
CREATE UNIQUE INDEX idx_usage_limits_user_project_once ON usage_limits (user_id, ifnull(project_id, ''));

CREATE TABLE budget_change_requests (
  id                      TEXT PRIMARY KEY,               -- breq_<...>
  agent_id                INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  requester_id            TEXT NOT NULL,
  current_budget_micros   INTEGER NOT NULL,               -- µ$
  requested_budget_micros INTEGER NOT NULL,               -- µ$
  justification           TEXT NOT NULL CHECK (length(justification) BETWEEN 20 AND 500),
  status                  TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
  created_at              INTEGER NOT NULL,               -- ms
  updated_at              INTEGER NOT NULL                -- ms
);
CREATE INDEX idx_budget_requests_status ON budget_change_requests (status);
CREATE INDEX idx_budget_requests_agent ON budget_change_requests (agent_id);

CREATE TABLE budget_modification_history (
  id                   TEXT PRIMARY KEY,                  -- bhist_<...>
  agent_id             INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  modification_type    TEXT NOT NULL CHECK (modification_type IN ('increase', 'decrease', 'reset')),
  old_budget_micros    INTEGER NOT NULL,                  -- µ$
  new_budget_micros    INTEGER NOT NULL,                  -- µ$
  change_amount_micros INTEGER NOT NULL,                  -- µ$
  modifier_id          TEXT NOT NULL,
  reason               TEXT NOT NULL CHECK (length(reason) BETWEEN 10 AND 500),
  related_request_id   TEXT REFERENCES budget_change_requests (id) ON DELETE SET NULL,
  created_at           INTEGER NOT NULL                   -- ms
);
CREATE INDEX idx_budget_history_agent ON budget_modification_history (agent_id);

CREATE TABLE analytics_events (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id      TEXT NOT NULL,
  timestamp_ms  INTEGER NOT NULL,                         -- ms
  event_type    TEXT NOT NULL CHECK (event_type IN ('llm_request_completed', 'llm_request_failed')),
  model         TEXT NOT NULL,
  provider      TEXT NOT NULL CHECK (provider IN ('openai', 'anthropic', 'unknown')),
  input_tokens  INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_micros   INTEGER NOT NULL DEFAULT 0,               -- µ$
  agent_id      INTEGER,
  provider_id   TEXT,
  error_code    TEXT,
  error_message TEXT,
  received_at   INTEGER NOT NULL,                         -- ms
  UNIQUE (agent_id, event_id)
);
CREATE INDEX idx_analytics_events_timestamp ON analytics_events (timestamp_ms);
CREATE INDEX idx_analytics_events_agent_timestamp ON analytics_events (agent_id, timestamp_ms);
CREATE INDEX idx_analytics_events_provider_timestamp ON analytics_events (provider, timestamp_ms);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash   TEXT NOT NULL UNIQUE,                      -- SHA-256, never the token itself
  user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE
                    CHECK (length(user_id) BETWEEN 1 AND 255),
  project_id   TEXT CHECK (project_id IS NULL OR length(project_id) BETWEEN 1 AND 500),
  agent_id     INTEGER,                                   -- NULL = a user token
  provider     TEXT,
  name         TEXT,
  scopes       TEXT,                                      -- JSON array
  is_active    INTEGER NOT NULL DEFAULT 1,
  created_at   INTEGER NOT NULL,                          -- ms
  last_used_at INTEGER,                                   -- ms
  expires_at   INTEGER,                                   -- ms; NULL = never
  revoked_at   INTEGER                                    -- ms
);
CREATE INDEX idx_api_tokens_user_id ON api_tokens (user_id);
CREATE INDEX idx_api_tokens_agent_id ON api_tokens (agent_id);
CREATE INDEX idx_api_tokens_is_active ON api_tokens (is_active);

CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  entity_type   TEXT NOT NULL,
  entity_id     INTEGER NOT NULL,
  action        TEXT NOT NULL,
  actor_user_id TEXT NOT NULL,
  changes       TEXT,                                     -- JSON before/after
  logged_at     INTEGER NOT NULL,                         -- ms
  ip_address    TEXT,
  user_agent    TEXT
);
CREATE INDEX idx_audit_log_entity ON audit_log (entity_type, entity_id);
CREATE INDEX idx_audit_log_actor_user_id ON audit_log (actor_user_id);
CREATE INDEX idx_audit_log_logged_at ON audit_log (logged_at);

CREATE TABLE system_config (
  key         TEXT PRIMARY KEY NOT NULL,
  value       TEXT NOT NULL,
  description TEXT,
  created_at  INTEGER DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000), -- ms
  updated_at  INTEGER DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000)  -- ms
);

-- Seeded rows.
--
-- 1. The owner user_admin (the reference seeds it too). The seed doc inserts agent 9999 with
--    owner_id 'user_admin'; agents.owner_id REFERENCES users(id), so with foreign keys ON (the server)
--    that insert fails unless this row exists. It has no usable password ('!' matches no hash): an
--    operator sets one through the admin command line before anyone can log in as admin.
INSERT INTO users (id, username, password_hash, email, role, name, is_active, created_at)
VALUES ('user_admin', 'admin', '!no-password-set', 'admin@localhost', 'admin', 'Administrator', 1,
        CAST(strftime('%s', 'now') AS INTEGER) * 1000);

-- 2. Provider key 1, an OpenAI placeholder (the reference's dev seed creates key 1 the same way). The
--    seed doc points agent 9999 at provider_key_id 1 (a foreign key) and then stores its real key with
--    "UPDATE ai_provider_keys SET encrypted_api_key = ?, encryption_nonce = ? WHERE id = 1 AND provider =
--    'openai'", which changes nothing unless row 1 exists. The placeholder values are not base64, so
--    they can never decrypt to a key: a handshake on it fails until a real key is stored.
--    is_enabled = 1 so that the seed's UPDATE alone makes the key usable.
INSERT INTO ai_provider_keys (id, provider, encrypted_api_key, encryption_nonce, description, is_enabled,
                              created_at, user_id)
VALUES (1, 'openai', 'iron:placeholder:no-key-stored', 'iron:placeholder:no-key-stored',
        'Placeholder created by migration V1: store a real OpenAI key in this row (seed doc, step 3)', 1,
        CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'user_admin');

-- Not seeded, unlike the reference: agent 1 with 100_000_000 µ$. It would put $100 of spendable budget
-- into every new production database without an operator deciding so, and nothing in the seed uses it.
