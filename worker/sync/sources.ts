/**
 * What bound sources gave, kept in D1: the status of each bound key result (its last value, or why its
 * binding could not be read) and the append-only history of the reconciliation (values recorded,
 * conflicts and problems seen, by source and run).
 */
import type { SourceConflict } from "../../integrations/sources/reconcile.ts";

export type SourceKind = "coda" | "notion";

export interface SourceStatus {
  keyResultId: string;
  /** The key result's title, null when it left the cascade since the last run. */
  title: string | null;
  source: SourceKind;
  /** The binding as the document holds it. */
  binding: Record<string, unknown>;
  value: number | null;
  problem: string | null;
  checkedAt: string;
  runId: string;
}

export interface SourceEvent {
  seq: number;
  keyResultId: string;
  source: SourceKind;
  runId: string;
  at: string;
  event: "recorded" | "conflict" | "problem";
  day: string | null;
  value: number | null;
  otherValue: number | null;
  message: string | null;
}

export interface RunOutcome {
  /** Every key result bound to the source: its value, or why there is none. */
  statuses: ReadonlyArray<{
    keyResultId: string;
    binding: object;
    value: number | null;
    problem: string | null;
  }>;
  recorded: ReadonlyArray<{ keyResultId: string; day: string; value: number }>;
  conflicts: readonly SourceConflict[];
}

/** Rows of `source_status` per INSERT: 8 parameters each, D1 binds at most 100. */
const STATUS_ROWS = 12;

/**
 * Statements that replace a source's statuses and append the run's events. Events are keyed by run:
 * a run retried after a crash writes none twice. A conflict or a problem is appended only when it is
 * not the same as the one last appended for that key result, so a lasting conflict is one event.
 */
export function recordOutcomeStatements(
  db: D1Database,
  workspaceId: string,
  source: SourceKind,
  runId: string,
  outcome: RunOutcome,
  now: string,
): D1PreparedStatement[] {
  const statements = [
    db.prepare("DELETE FROM source_status WHERE workspace_id = ? AND source = ?").bind(workspaceId, source),
  ];
  const rows = outcome.statuses;
  for (let i = 0; i < rows.length; i += STATUS_ROWS) {
    const chunk = rows.slice(i, i + STATUS_ROWS);
    statements.push(
      db
        .prepare(
          `INSERT OR REPLACE INTO source_status
             (workspace_id, key_result_id, source, binding, value, problem, checked_at, run_id)
           VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
        )
        .bind(
          ...chunk.flatMap((s) => [
            workspaceId,
            s.keyResultId,
            source,
            JSON.stringify(s.binding),
            s.value,
            s.problem,
            now,
            runId,
          ]),
        ),
    );
  }
  const insert = (keyResultId: string, event: SourceEvent["event"], fields: unknown[], unlessSame: string) =>
    db
      .prepare(
        `INSERT OR IGNORE INTO source_events
           (workspace_id, key_result_id, source, run_id, at, event, day, value, other_value, message)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
         WHERE NOT EXISTS (SELECT 1 FROM source_events e WHERE e.seq = (
           SELECT MAX(seq) FROM source_events WHERE workspace_id = ?1 AND key_result_id = ?2 AND event = ?6)
           AND ${unlessSame})`,
      )
      .bind(workspaceId, keyResultId, source, runId, now, event, ...fields);
  for (const r of outcome.recorded) {
    statements.push(insert(r.keyResultId, "recorded", [r.day, r.value, null, null], "0"));
  }
  for (const c of outcome.conflicts) {
    statements.push(
      insert(
        c.keyResultId,
        "conflict",
        [
          c.date,
          c.sourceValue,
          c.otherValue,
          `${source === "coda" ? "Coda" : "Notion"} gave ${c.sourceValue}, a check-in of the same day says ${c.otherValue}`,
        ],
        "e.day IS ?7 AND e.value IS ?8 AND e.other_value IS ?9",
      ),
    );
  }
  for (const s of rows) {
    if (s.problem === null) continue;
    statements.push(insert(s.keyResultId, "problem", [null, null, null, s.problem], "e.message IS ?10"));
  }
  return statements;
}

export async function listSourceStatuses(db: D1Database, workspaceId: string): Promise<SourceStatus[]> {
  const rows = await db
    .prepare(
      `SELECT s.*, k.title FROM source_status s
       LEFT JOIN key_results k ON k.workspace_id = s.workspace_id AND k.id = s.key_result_id
       WHERE s.workspace_id = ? ORDER BY s.key_result_id`,
    )
    .bind(workspaceId)
    .all<Record<string, unknown>>();
  return rows.results.map((r) => ({
    keyResultId: String(r.key_result_id),
    title: (r.title as string | null) ?? null,
    source: r.source as SourceKind,
    binding: JSON.parse(String(r.binding)) as Record<string, unknown>,
    value: r.value as number | null,
    problem: r.problem as string | null,
    checkedAt: String(r.checked_at),
    runId: String(r.run_id),
  }));
}

/** The history, newest first: `limit` events before `before` (a seq), of one key result or all. */
export async function listSourceEvents(
  db: D1Database,
  workspaceId: string,
  limit: number,
  before?: number,
  keyResultId?: string,
): Promise<SourceEvent[]> {
  const rows = await db
    .prepare(
      `SELECT * FROM source_events WHERE workspace_id = ?1 AND seq < ?2 AND (?3 IS NULL OR key_result_id = ?3)
       ORDER BY seq DESC LIMIT ?4`,
    )
    .bind(workspaceId, before ?? Number.MAX_SAFE_INTEGER, keyResultId ?? null, limit)
    .all<Record<string, unknown>>();
  return rows.results.map((r) => ({
    seq: Number(r.seq),
    keyResultId: String(r.key_result_id),
    source: r.source as SourceKind,
    runId: String(r.run_id),
    at: String(r.at),
    event: r.event as SourceEvent["event"],
    day: r.day as string | null,
    value: r.value as number | null,
    otherValue: r.other_value as number | null,
    message: r.message as string | null,
  }));
}
