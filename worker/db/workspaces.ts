/** Workspaces, their tokens and the dashboard sessions of those tokens, in D1. */

export interface Workspace {
  id: string;
  name: string;
  createdAt: string;
  /** Bumped by every write to the cascade. */
  revision: number;
  /** Whether a cascade document has been stored. */
  hasCascade: boolean;
}

export interface TokenInfo {
  id: string;
  createdAt: string;
  revokedAt: string | null;
}

interface WorkspaceRow {
  id: string;
  name: string;
  created_at: string;
  revision: number;
  organization: string | null;
}

function toWorkspace(row: WorkspaceRow): Workspace {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    revision: row.revision,
    hasCascade: row.organization !== null,
  };
}

export async function getWorkspace(db: D1Database, id: string): Promise<Workspace | null> {
  const row = await db
    .prepare("SELECT id, name, created_at, revision, organization FROM workspaces WHERE id = ?")
    .bind(id)
    .first<WorkspaceRow>();
  return row ? toWorkspace(row) : null;
}

/** Creates a workspace with its first token (hash only). False when the id is taken. */
export async function createWorkspace(
  db: D1Database,
  workspace: { id: string; name: string },
  token: { id: string; hash: string },
  now: string,
): Promise<boolean> {
  const inserted = await db.batch([
    db
      .prepare("INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")
      .bind(workspace.id, workspace.name, now),
    // Inserted only when the workspace row above was: changes() is that statement's count.
    db
      .prepare(
        "INSERT INTO workspace_tokens (id, workspace_id, token_hash, created_at) SELECT ?, ?, ?, ? WHERE changes() = 1",
      )
      .bind(token.id, workspace.id, token.hash, now),
  ]);
  return (inserted[0]?.meta.changes ?? 0) === 1;
}

export async function insertToken(
  db: D1Database,
  workspaceId: string,
  token: { id: string; hash: string },
  now: string,
): Promise<void> {
  await db
    .prepare("INSERT INTO workspace_tokens (id, workspace_id, token_hash, created_at) VALUES (?, ?, ?, ?)")
    .bind(token.id, workspaceId, token.hash, now)
    .run();
}

export async function listTokens(db: D1Database, workspaceId: string): Promise<TokenInfo[]> {
  const { results } = await db
    .prepare(
      "SELECT id, created_at, revoked_at FROM workspace_tokens WHERE workspace_id = ? ORDER BY created_at, id",
    )
    .bind(workspaceId)
    .all<{ id: string; created_at: string; revoked_at: string | null }>();
  return results.map((r) => ({ id: r.id, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/**
 * Revokes a token of the workspace and, in the same batch, every dashboard session it started; false
 * when there is no such token. Revoking twice is fine.
 */
export async function revokeToken(
  db: D1Database,
  workspaceId: string,
  tokenId: string,
  now: string,
): Promise<boolean> {
  const [result] = await db.batch([
    db
      .prepare(
        "UPDATE workspace_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE workspace_id = ? AND id = ?",
      )
      .bind(now, workspaceId, tokenId),
    db
      .prepare(
        "UPDATE dashboard_sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE workspace_id = ? AND token_id = ?",
      )
      .bind(now, workspaceId, tokenId),
  ]);
  return result?.meta.changes === 1;
}

/**
 * The live token with this hash and its workspace, in one query: a request with a workspace token then
 * knows its workspace (and its revision, which the score cache needs) without a second round trip.
 */
export async function findToken(
  db: D1Database,
  hash: string,
): Promise<{ id: string; workspaceId: string; workspace: Workspace } | null> {
  const row = await db
    .prepare(
      `SELECT t.id AS token_id, w.id, w.name, w.created_at, w.revision, w.organization
         FROM workspace_tokens AS t JOIN workspaces AS w ON w.id = t.workspace_id
        WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
    )
    .bind(hash)
    .first<WorkspaceRow & { token_id: string }>();
  return row ? { id: row.token_id, workspaceId: row.id, workspace: toWorkspace(row) } : null;
}

/** A dashboard session as stored: the token that started it, and when it ends. Times are ISO 8601 UTC. */
export interface NewSession {
  id: string;
  tokenId: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * Stores a session for a token, if the token is still live (checked in the insert itself, so a
 * revocation racing the sign-in cannot leave a live session behind); false when it is not. The same
 * batch revokes `replaces` (the session the browser held before, if any) and deletes expired sessions.
 */
export async function startSession(db: D1Database, session: NewSession, replaces?: string): Promise<boolean> {
  const statements = [
    db.prepare("DELETE FROM dashboard_sessions WHERE expires_at <= ?").bind(session.createdAt),
    ...(replaces === undefined ? [] : [revokeSessionStatement(db, replaces, session.createdAt)]),
    db
      .prepare(
        `INSERT INTO dashboard_sessions (id, token_id, workspace_id, created_at, expires_at)
         SELECT ?, id, workspace_id, ?, ? FROM workspace_tokens WHERE id = ? AND revoked_at IS NULL`,
      )
      .bind(session.id, session.createdAt, session.expiresAt, session.tokenId),
  ];
  const results = await db.batch(statements);
  return results.at(-1)?.meta.changes === 1;
}

function revokeSessionStatement(db: D1Database, id: string, now: string): D1PreparedStatement {
  return db
    .prepare("UPDATE dashboard_sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
    .bind(now, id);
}

/** Ends one session (sign-out). Revoking an unknown or revoked session does nothing. */
export async function revokeSession(db: D1Database, id: string, now: string): Promise<void> {
  await revokeSessionStatement(db, id, now).run();
}

/** Ends every session of a workspace ("sign out everywhere"); returns how many it revoked. */
export async function revokeWorkspaceSessions(
  db: D1Database,
  workspaceId: string,
  now: string,
): Promise<number> {
  const result = await db
    .prepare("UPDATE dashboard_sessions SET revoked_at = ? WHERE workspace_id = ? AND revoked_at IS NULL")
    .bind(now, workspaceId)
    .run();
  return result.meta.changes;
}
