-- Reconciliation of key results with their bound sources (Coda cells, Notion properties).

-- What each bound key result's source gave on the last run that read it: its value, or why not.
CREATE TABLE source_status (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  key_result_id TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('coda', 'notion')),
  binding TEXT NOT NULL,
  value REAL,
  problem TEXT,
  checked_at TEXT NOT NULL,
  run_id TEXT NOT NULL,
  PRIMARY KEY (workspace_id, key_result_id)
);

-- The history, append-only: each value recorded, each conflict and each binding problem seen, by
-- source and run. A run retried after a crash writes none of its events twice (the unique index).
CREATE TABLE source_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  key_result_id TEXT NOT NULL,
  source TEXT NOT NULL,
  run_id TEXT NOT NULL,
  at TEXT NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('recorded', 'conflict', 'problem')),
  day TEXT,
  value REAL,
  other_value REAL,
  message TEXT
);
CREATE UNIQUE INDEX source_events_once_a_run ON source_events (workspace_id, run_id, key_result_id, event);
CREATE INDEX source_events_by_workspace ON source_events (workspace_id, seq);
