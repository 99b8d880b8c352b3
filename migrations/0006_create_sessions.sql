-- Dashboard sessions, one row per sign-in. The `cascade_session` cookie carries the row's random id,
-- signed with HMAC-SHA256; a session opens the dashboard only while its row is not revoked and not
-- expired and its token is not revoked. Sign-out revokes its row, revoking a token revokes its
-- token's rows (same batch), and the admin's `POST /v1/workspaces/{ws}/sessions/revoke` revokes all of
-- a workspace's rows. Expired rows are deleted by the next sign-in.
CREATE TABLE dashboard_sessions (
  -- `ses_` and 256 random bits (base64url).
  id TEXT PRIMARY KEY,
  token_id TEXT NOT NULL REFERENCES workspace_tokens (id),
  workspace_id TEXT NOT NULL REFERENCES workspaces (id),
  created_at TEXT NOT NULL,
  -- ISO 8601 UTC, as created_at: compared as text.
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE INDEX dashboard_sessions_by_token ON dashboard_sessions (token_id);
CREATE INDEX dashboard_sessions_by_workspace ON dashboard_sessions (workspace_id);
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);
