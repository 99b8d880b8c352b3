/**
 * A workspace's connections (`connections`) and their sync state (`sync_states`). A connection's token
 * is sealed (secret-box.ts) before it is stored, opened only to run a sync, and never answered.
 */
import { parseState, type SyncConfig, type SyncState } from "../../integrations/notion/state.ts";
import { open, seal } from "./secret-box.ts";

export type ConnectionKind = "notion" | "coda";

export interface NotionConnectionConfig extends SyncConfig {
  parentPageId: string;
}

/** A Coda connection is an account's API token; the account is kept to show whose it is. */
export interface CodaConnectionConfig {
  account: string;
}

export interface ConnectionConfigs {
  notion: NotionConnectionConfig;
  coda: CodaConnectionConfig;
}

export interface Connection<K extends ConnectionKind = ConnectionKind> {
  kind: K;
  config: ConnectionConfigs[K];
  createdAt: string;
  validatedAt: string;
}

interface ConnectionRow {
  kind: ConnectionKind;
  secret: string;
  iv: string;
  config: string;
  created_at: string;
  validated_at: string;
}

function connectionOf<K extends ConnectionKind>(row: ConnectionRow): Connection<K> {
  return {
    kind: row.kind as K,
    config: JSON.parse(row.config) as ConnectionConfigs[K],
    createdAt: row.created_at,
    validatedAt: row.validated_at,
  };
}

export async function saveConnection<K extends ConnectionKind>(
  db: D1Database,
  key: string | undefined,
  workspaceId: string,
  kind: K,
  token: string,
  config: ConnectionConfigs[K],
): Promise<Connection<K>> {
  const sealed = await seal(token, key);
  const now = new Date().toISOString();
  // Another parent page (or other adopted databases, another Coda account) starts the state over.
  const before = await getConnection(db, workspaceId, kind);
  const sameLayout = before !== null && sameState(kind, before.config, config);
  if (!sameLayout)
    await db
      .prepare("DELETE FROM sync_states WHERE workspace_id = ? AND kind = ?")
      .bind(workspaceId, kind)
      .run();
  const row = await db
    .prepare(
      `INSERT INTO connections (workspace_id, kind, secret, iv, config, created_at, validated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
       ON CONFLICT (workspace_id, kind) DO UPDATE
         SET secret = excluded.secret, iv = excluded.iv, config = excluded.config, validated_at = excluded.validated_at,
           webhook_secret = NULL, webhook_iv = NULL
       RETURNING kind, secret, iv, config, created_at, validated_at`,
    )
    .bind(workspaceId, kind, sealed.secret, sealed.iv, JSON.stringify(config), now)
    .first<ConnectionRow>();
  return connectionOf<K>(row as ConnectionRow);
}

/** Whether a connection saved again keeps the sync state of the one it replaces. */
function sameState(kind: ConnectionKind, before: unknown, after: unknown): boolean {
  if (kind === "coda") {
    return (before as CodaConnectionConfig).account === (after as CodaConnectionConfig).account;
  }
  const [b, a] = [before as NotionConnectionConfig, after as NotionConnectionConfig];
  return (
    b.parentPageId === a.parentPageId &&
    JSON.stringify(b.databases ?? {}) === JSON.stringify(a.databases ?? {})
  );
}

async function connectionRow(db: D1Database, workspaceId: string, kind: ConnectionKind) {
  return db
    .prepare(
      "SELECT kind, secret, iv, config, created_at, validated_at FROM connections WHERE workspace_id = ? AND kind = ?",
    )
    .bind(workspaceId, kind)
    .first<ConnectionRow>();
}

export async function getConnection<K extends ConnectionKind>(
  db: D1Database,
  workspaceId: string,
  kind: K,
): Promise<Connection<K> | null> {
  const row = await connectionRow(db, workspaceId, kind);
  return row === null ? null : connectionOf<K>(row);
}

/** The kinds of connection a workspace has. */
export async function connectionKinds(db: D1Database, workspaceId: string): Promise<ConnectionKind[]> {
  const rows = await db
    .prepare("SELECT kind FROM connections WHERE workspace_id = ? ORDER BY kind DESC")
    .bind(workspaceId)
    .all<{ kind: ConnectionKind }>();
  return rows.results.map((r) => r.kind);
}

/** The connection with its token opened, to run a sync. */
export async function openConnection<K extends ConnectionKind>(
  db: D1Database,
  key: string | undefined,
  workspaceId: string,
  kind: K,
): Promise<(Connection<K> & { token: string }) | null> {
  const row = await connectionRow(db, workspaceId, kind);
  if (row === null) return null;
  return { ...connectionOf<K>(row), token: await open({ secret: row.secret, iv: row.iv }, key) };
}

/** Deletes the connection and its sync state; answers whether there was one. */
export async function deleteConnection(
  db: D1Database,
  workspaceId: string,
  kind: ConnectionKind,
): Promise<boolean> {
  const [deleted] = await db.batch([
    db.prepare("DELETE FROM connections WHERE workspace_id = ? AND kind = ?").bind(workspaceId, kind),
    db.prepare("DELETE FROM sync_states WHERE workspace_id = ? AND kind = ?").bind(workspaceId, kind),
  ]);
  return (deleted?.meta.changes ?? 0) > 0;
}

/** The Notion engine's state (integrations/notion/state.ts), or null before the first run. */
export async function loadState(
  db: D1Database,
  workspaceId: string,
  kind: "notion",
): Promise<SyncState | null> {
  const text = await loadStateText(db, workspaceId, kind);
  return text === null ? null : parseState(text);
}

/** A connection's state as the JSON text it was saved as, or null. */
export async function loadStateText(
  db: D1Database,
  workspaceId: string,
  kind: ConnectionKind,
): Promise<string | null> {
  const rows = await db
    .prepare("SELECT state FROM sync_states WHERE workspace_id = ? AND kind = ? ORDER BY part")
    .bind(workspaceId, kind)
    .all<{ state: string }>();
  return rows.results.length === 0 ? null : rows.results.map((r) => r.state).join("");
}

/** Characters of state JSON in one row: D1 holds at most 2 MB in a value, and a character may take 3. */
const STATE_PART_CHARS = 600_000;

/** Replaces the state in one batch (one transaction): its parts, and no leftover of a longer one. */
export async function saveState(
  db: D1Database,
  workspaceId: string,
  kind: ConnectionKind,
  state: object,
): Promise<void> {
  const text = JSON.stringify(state);
  const now = new Date().toISOString();
  const statements = [
    db.prepare("DELETE FROM sync_states WHERE workspace_id = ? AND kind = ?").bind(workspaceId, kind),
  ];
  for (let part = 0, start = 0; start < text.length; part++) {
    let end = Math.min(text.length, start + STATE_PART_CHARS);
    // Never between the two halves of a surrogate pair: each part must be valid UTF-16 on its own.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    const chunk = text.slice(start, end);
    start = end;
    statements.push(
      db
        .prepare(
          "INSERT INTO sync_states (workspace_id, kind, part, state, updated_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(workspaceId, kind, part, chunk, now),
    );
  }
  await db.batch(statements);
}

/**
 * Keeps a Notion webhook subscription's verification token (sealed), unless one is kept already: the
 * first token stands until the connection is saved again. Answers whether it was kept.
 */
export async function keepWebhookSecret(
  db: D1Database,
  key: string | undefined,
  workspaceId: string,
  verificationToken: string,
): Promise<boolean> {
  const sealed = await seal(verificationToken, key);
  const result = await db
    .prepare(
      `UPDATE connections SET webhook_secret = ?3, webhook_iv = ?4
       WHERE workspace_id = ?1 AND kind = ?2 AND webhook_secret IS NULL`,
    )
    .bind(workspaceId, "notion", sealed.secret, sealed.iv)
    .run();
  return result.meta.changes > 0;
}

/** The verification token that signs a workspace's Notion webhook deliveries, if one was kept. */
export async function webhookSecret(
  db: D1Database,
  key: string | undefined,
  workspaceId: string,
): Promise<string | null> {
  const row = await db
    .prepare("SELECT webhook_secret, webhook_iv FROM connections WHERE workspace_id = ? AND kind = 'notion'")
    .bind(workspaceId)
    .first<{ webhook_secret: string | null; webhook_iv: string | null }>();
  if (!row?.webhook_secret || !row.webhook_iv) return null;
  return open({ secret: row.webhook_secret, iv: row.webhook_iv }, key);
}
