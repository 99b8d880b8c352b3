-- Answers to POSTs sent with an Idempotency-Key: a retry with the same key and body gets the first
-- answer back instead of writing twice.
CREATE TABLE idempotency_keys (
  workspace_id TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, key)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
