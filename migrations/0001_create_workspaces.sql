-- Workspaces (one organization's cascade each) and their API tokens.
-- Tokens are stored only as SHA-256 hashes: the plain token is shown once, when it is issued.
CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- Bumped by every write to the cascade; key results take it as their version (If-Match).
  revision INTEGER NOT NULL DEFAULT 0,
  -- NULL until a cascade document is stored.
  organization TEXT,
  -- The document's `settings` object (JSON), NULL when absent.
  settings TEXT,
  -- JSON array of the optional top-level sections the document had (`teams`, `initiatives`, ...),
  -- so that GET returns them exactly as they were sent, even when empty.
  sections TEXT,
  cascade_updated_at TEXT
);

CREATE TABLE workspace_tokens (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE INDEX workspace_tokens_by_workspace ON workspace_tokens (workspace_id);
