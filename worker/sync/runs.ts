/**
 * The log of sync runs (`sync_runs`): each is queued (by cron, `POST /sync` or a webhook), then
 * running, then succeeded, partial (some rows rejected) or failed, with its counts and errors.
 */
export type SyncSource = "notion" | "coda";
export type SyncTrigger = "cron" | "manual" | "webhook";
export type RunStatus = "queued" | "running" | "succeeded" | "partial" | "failed";

/** A queue message: one run of one workspace's connection. */
export interface SyncMessage {
  runId: string;
  workspaceId: string;
  source: SyncSource;
}

export interface SyncRun {
  id: string;
  workspaceId: string;
  source: SyncSource;
  trigger: SyncTrigger;
  status: RunStatus;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  attempts: number;
  /** What the run did (the engine's summary: reads, writes, created, updated, conflicts, rejected). */
  summary: Record<string, unknown> | null;
  error: string | null;
}

interface RunRow {
  id: string;
  workspace_id: string;
  source: SyncSource;
  trigger: SyncTrigger;
  status: RunStatus;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  attempts: number;
  summary: string | null;
  error: string | null;
}

function runOf(row: RunRow): SyncRun {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    source: row.source,
    trigger: row.trigger,
    status: row.status,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    attempts: row.attempts,
    summary: row.summary === null ? null : (JSON.parse(row.summary) as Record<string, unknown>),
    error: row.error,
  };
}

export async function queueRun(
  db: D1Database,
  workspaceId: string,
  source: SyncSource,
  trigger: SyncTrigger,
): Promise<SyncRun> {
  const id = crypto.randomUUID();
  const row = await db
    .prepare(
      `INSERT INTO sync_runs (id, workspace_id, source, trigger, status, queued_at)
       VALUES (?1, ?2, ?3, ?4, 'queued', ?5) RETURNING *`,
    )
    .bind(id, workspaceId, source, trigger, new Date().toISOString())
    .first<RunRow>();
  return runOf(row as RunRow);
}

/** A consumer runs for at most 15 minutes: a claim older than this belongs to one that died. */
const CLAIM_MS = 15 * 60_000;

/**
 * Claims a queued run for this delivery, or takes over one whose consumer died. `finished` or unknown:
 * a duplicate delivery, nothing to do; `busy`: another consumer is running it now.
 */
export async function claimRun(
  db: D1Database,
  id: string,
  now = new Date(),
): Promise<{ claimed: SyncRun } | { claimed: null; reason: "finished" | "busy" }> {
  const row = await db
    .prepare(
      `UPDATE sync_runs SET status = 'running', started_at = COALESCE(started_at, ?2), claimed_at = ?2,
         attempts = attempts + 1
       WHERE id = ?1 AND (status = 'queued' OR (status = 'running' AND claimed_at < ?3)) RETURNING *`,
    )
    .bind(id, now.toISOString(), new Date(now.getTime() - CLAIM_MS).toISOString())
    .first<RunRow>();
  if (row !== null) return { claimed: runOf(row) };
  const current = await db
    .prepare("SELECT status FROM sync_runs WHERE id = ?")
    .bind(id)
    .first<{ status: RunStatus }>();
  return { claimed: null, reason: current?.status === "running" ? "busy" : "finished" };
}

/**
 * Gives a run back to the queue (after a passing fault, with its error; or to go on past an
 * invocation's request budget): the next delivery claims it and resumes from the saved state.
 */
export async function requeueRun(db: D1Database, id: string, error: string | null): Promise<void> {
  await db.prepare("UPDATE sync_runs SET status = 'queued', error = ?2 WHERE id = ?1").bind(id, error).run();
}

export async function finishRun(
  db: D1Database,
  id: string,
  status: Exclude<RunStatus, "queued" | "running">,
  summary: Record<string, unknown> | null,
  error: string | null,
): Promise<void> {
  await db
    .prepare("UPDATE sync_runs SET status = ?2, finished_at = ?3, summary = ?4, error = ?5 WHERE id = ?1")
    .bind(id, status, new Date().toISOString(), summary === null ? null : JSON.stringify(summary), error)
    .run();
}

/** A workspace's runs, newest first, `limit` of them after the cursor (a run's queued_at and id). */
export async function listRuns(
  db: D1Database,
  workspaceId: string,
  limit: number,
  after?: { queuedAt: string; id: string },
): Promise<SyncRun[]> {
  const rows = await db
    .prepare(
      `SELECT * FROM sync_runs WHERE workspace_id = ?1
         AND (?2 IS NULL OR queued_at < ?2 OR (queued_at = ?2 AND id < ?3))
       ORDER BY queued_at DESC, id DESC LIMIT ?4`,
    )
    .bind(workspaceId, after?.queuedAt ?? null, after?.id ?? "", limit)
    .all<RunRow>();
  return rows.results.map(runOf);
}

/** Whether a run of this workspace and source is queued or running (the cron does not pile more on). */
export async function hasOpenRun(db: D1Database, workspaceId: string, source: SyncSource): Promise<boolean> {
  const row = await db
    .prepare(
      "SELECT 1 AS open FROM sync_runs WHERE workspace_id = ? AND source = ? AND status IN ('queued', 'running') LIMIT 1",
    )
    .bind(workspaceId, source)
    .first<{ open: number }>();
  return row !== null;
}
