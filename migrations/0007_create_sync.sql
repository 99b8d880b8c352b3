-- The sync service: a workspace's connections to Notion (and, next, Coda), their sync state, and the
-- log of every run.

-- A connection's secret (the integration token) is encrypted with AES-GCM under the worker's
-- CONNECTIONS_KEY: `secret` holds the ciphertext, `iv` its 12-byte nonce, both base64. `config` is the
-- connection's JSON settings (Notion: the parent page, adopted databases, renamed properties).
CREATE TABLE connections (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('notion', 'coda')),
  secret TEXT NOT NULL,
  iv TEXT NOT NULL,
  config TEXT NOT NULL DEFAULT '{}',
  -- Notion webhooks: the subscription's verification token (sealed as `secret`), which signs deliveries.
  webhook_secret TEXT,
  webhook_iv TEXT,
  created_at TEXT NOT NULL,
  validated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, kind)
);

-- The Notion engine's state (integrations/notion/state.ts) as JSON, one per workspace and connection,
-- in parts of at most 1 MB (D1 holds at most 2 MB in one value; a large workspace's state is more).
CREATE TABLE sync_states (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  part INTEGER NOT NULL,
  state TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, kind, part)
);

-- Every run: queued by cron, by `POST /sync` or by a webhook; its counts and its errors.
CREATE TABLE sync_runs (
  id TEXT NOT NULL PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  trigger TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'partial', 'failed')),
  queued_at TEXT NOT NULL,
  started_at TEXT,
  -- When a consumer last claimed the run: a claim older than the consumer's longest run is taken over.
  claimed_at TEXT,
  finished_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  summary TEXT,
  error TEXT
);
CREATE INDEX sync_runs_by_workspace ON sync_runs (workspace_id, queued_at DESC);

-- The cron's lease: one run of the scheduler at a time; an expired lease is taken over.
CREATE TABLE leases (
  name TEXT NOT NULL PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
