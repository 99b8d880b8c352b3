-- People of a workspace (issue 17): each with a role and tokens of their own, so that a check-in names
-- who recorded it and a viewer cannot write. Workspace tokens without a person stay the integrations'
-- credentials, with full rights, as before.
CREATE TABLE people (
  -- `per_` and 72 random bits (base64url).
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id),
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'member', 'admin')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- A removed person keeps their row, so the check-ins they recorded still name them; their tokens and
  -- sessions are revoked in the same batch, and their email is free for someone else.
  removed_at TEXT
);

-- One live person per email in a workspace, compared without case.
CREATE UNIQUE INDEX people_by_email ON people (workspace_id, lower(email)) WHERE removed_at IS NULL;
CREATE INDEX people_by_workspace ON people (workspace_id, id);

-- A person's tokens are workspace tokens that name the person: they are checked, revoked and open
-- dashboard sessions exactly as the others do. NULL: an integration's token, with full rights.
ALTER TABLE workspace_tokens ADD COLUMN person_id TEXT REFERENCES people (id);
CREATE INDEX workspace_tokens_by_person ON workspace_tokens (person_id) WHERE person_id IS NOT NULL;

-- Who recorded a check-in and when, beside it: the cascade document's check-in has no such fields
-- (DOMAIN). `author_kind` is 'person' (author_id: the person's id, author_name: their name then) or
-- 'token' (author_id: the token's id, or 'admin' for ADMIN_TOKEN; author_name: 'integration' or
-- 'admin'); all NULL for check-ins that came in a document or from a sync. `recorded_at` is ISO 8601
-- UTC, set by every check-in the API or the dashboard records.
ALTER TABLE check_ins ADD COLUMN author_kind TEXT CHECK (author_kind IN ('person', 'token'));
ALTER TABLE check_ins ADD COLUMN author_id TEXT;
ALTER TABLE check_ins ADD COLUMN author_name TEXT;
ALTER TABLE check_ins ADD COLUMN recorded_at TEXT;

-- The recorded check-ins a `PUT /cascade` carries over to the identical check-ins of the new document,
-- found without reading every check-in of the workspace.
CREATE INDEX check_ins_recorded ON check_ins (workspace_id) WHERE recorded_at IS NOT NULL;
