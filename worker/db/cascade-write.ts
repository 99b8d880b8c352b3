/**
 * Replaces a workspace's cascade in one D1 batch (one transaction): every old row goes and the new
 * document's rows come in, or nothing changes at all.
 */
import type { CascadeDocument } from "../../schema/document.ts";
import { insertRows, type Row } from "./json-rows.ts";
import { encodeSnapshot, replaceSnapshotStatements } from "./snapshot.ts";

/** The optional top-level sections, recorded so GET returns them as they were sent. */
export const OPTIONAL_SECTIONS = [
  "settings",
  "teams",
  "initiatives",
  "tradeOffs",
  "dependencies",
  "healthMetrics",
  "reallocations",
] as const;

export const CASCADE_TABLES = [
  "cycles",
  "teams",
  "imperatives",
  "goals",
  "objectives",
  "key_results",
  "check_ins",
  "initiatives",
  "trade_offs",
  "dependencies",
  "health_metrics",
  "health_values",
  "reallocations",
] as const;

const opt = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const bool = (value: boolean | undefined): number | null => (value === undefined ? null : value ? 1 : 0);

/** Every table's insert statements for a document, in an order that never breaks a reference. */
export function insertCascadeStatements(
  db: D1Database,
  workspaceId: string,
  doc: CascadeDocument,
): D1PreparedStatement[] {
  const rows = (table: string, columns: string[], data: Row[]) =>
    insertRows(db, table, columns, workspaceId, data);
  const checkIns: Row[] = [];
  for (const kr of doc.keyResults) {
    for (const c of kr.checkIns ?? []) {
      checkIns.push([kr.id, c.date, opt(c.value), opt(c.confidence), opt(c.note), opt(c.source)]);
    }
  }
  const healthValues: Row[] = [];
  for (const metric of doc.healthMetrics ?? []) {
    metric.values.forEach((v, i) => {
      healthValues.push([metric.id, i, v.date, v.value]);
    });
  }
  return [
    ...rows(
      "cycles",
      ["position", "id", "name", "start", "end"],
      doc.cycles.map((c, i) => [i, c.id, opt(c.name), c.start, c.end]),
    ),
    ...rows(
      "teams",
      ["position", "id", "name", "capacity"],
      (doc.teams ?? []).map((t, i) => [i, t.id, opt(t.name), json(t.capacity)]),
    ),
    ...rows(
      "imperatives",
      ["position", "id", "title", "owner", "weight"],
      doc.imperatives.map((m, i) => [i, m.id, m.title, opt(m.owner), opt(m.weight)]),
    ),
    ...rows(
      "goals",
      ["position", "id", "title", "imperative_id", "year", "owner", "weight"],
      doc.goals.map((g, i) => [i, g.id, g.title, g.imperativeId, g.year, opt(g.owner), opt(g.weight)]),
    ),
    ...rows(
      "objectives",
      [
        "position",
        "id",
        "title",
        "cycle_id",
        "team",
        "owner",
        "goal_id",
        "parent_id",
        "weight",
        "wig",
        "perspective",
      ],
      doc.objectives.map((o, i) => [
        i,
        o.id,
        o.title,
        o.cycleId,
        opt(o.team),
        opt(o.owner),
        opt(o.goalId),
        opt(o.parentId),
        opt(o.weight),
        bool(o.wig),
        opt(o.perspective),
      ]),
    ),
    ...rows(
      "key_results",
      [...KEY_RESULT_COLUMNS, "has_check_ins", "version"],
      doc.keyResults.map((k, i) => [
        i,
        k.id,
        k.objectiveId,
        k.title,
        k.kind,
        opt(k.start),
        opt(k.target),
        opt(k.low),
        opt(k.high),
        json(k.milestones),
        opt(k.current),
        opt(k.unit),
        opt(k.weight),
        opt(k.measure),
        opt(k.owner),
        json(k.source),
        k.checkIns ? 1 : 0,
        0, // set to the workspace's new revision at the end of the batch
      ]),
    ),
    ...rows("check_ins", ["key_result_id", "date", "value", "confidence", "note", "source"], checkIns),
    ...rows(
      "initiatives",
      [
        "position",
        "id",
        "title",
        "type",
        "team",
        "cycle_id",
        "key_result_ids",
        "size",
        "value",
        "time_criticality",
        "risk_reduction",
        "committed",
        "budget",
        "owner",
      ],
      (doc.initiatives ?? []).map((n, i) => [
        i,
        n.id,
        n.title,
        n.type,
        n.team,
        n.cycleId,
        json(n.keyResultIds),
        n.size,
        n.value,
        n.timeCriticality,
        n.riskReduction,
        bool(n.committed),
        opt(n.budget),
        opt(n.owner),
      ]),
    ),
    ...rows(
      "trade_offs",
      ["position", "id", "cycle_id", "team", "admitted", "dropped", "decided_by", "date", "reason"],
      (doc.tradeOffs ?? []).map((t, i) => [
        i,
        t.id,
        t.cycleId,
        t.team,
        t.admitted,
        JSON.stringify(t.dropped),
        t.decidedBy,
        t.date,
        t.reason,
      ]),
    ),
    ...rows(
      "dependencies",
      ["position", "from_id", "to_id", "note"],
      (doc.dependencies ?? []).map((d, i) => [i, d.from, d.to, opt(d.note)]),
    ),
    ...rows(
      "health_metrics",
      ["position", "id", "title", "area", "direction", "green", "red"],
      (doc.healthMetrics ?? []).map((h, i) => [i, h.id, h.title, h.area, h.direction, h.green, h.red]),
    ),
    ...rows("health_values", ["metric_id", "position", "date", "value"], healthValues),
    ...rows(
      "reallocations",
      ["position", "id", "date", "from_id", "to_id", "amount", "approved_by"],
      (doc.reallocations ?? []).map((r, i) => [i, r.id, r.date, r.from, r.to, r.amount, opt(r.approvedBy)]),
    ),
  ];
}

/** The key-result columns a document carries, in the order `insertCascadeStatements` writes them. */
export const KEY_RESULT_COLUMNS = [
  "position",
  "id",
  "objective_id",
  "title",
  "kind",
  "start",
  "target",
  "low",
  "high",
  "milestones",
  "current",
  "unit",
  "weight",
  "measure",
  "owner",
  "source",
] as const;

/** The cascade is no longer at the revision the caller read (If-Match). */
export class StaleRevisionError extends Error {
  override readonly name = "StaleRevisionError";
}

/**
 * Aborts the batch (and so rolls back the transaction) unless the workspace is still at `revision`:
 * `json()` of a non-JSON string is an error, the only way plain SQL can fail on a condition.
 */
const STALE_MARKER = "malformed JSON";
function revisionGuard(db: D1Database, workspaceId: string, revision: number): D1PreparedStatement {
  return db
    .prepare(
      "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM workspaces WHERE id = ?1 AND revision = ?2) THEN json('stale') END",
    )
    .bind(workspaceId, revision);
}

/**
 * Replaces the workspace's cascade atomically, with its snapshot, and returns the new revision. Every
 * key result takes the new revision as its version, so an If-Match from before the replacement fails. With
 * `expectedRevision`, throws `StaleRevisionError` (and writes nothing) unless the workspace is still
 * at that revision when the transaction runs.
 */
export async function replaceCascade(
  db: D1Database,
  workspaceId: string,
  doc: CascadeDocument,
  now: string,
  expectedRevision?: number,
): Promise<number> {
  const sections = OPTIONAL_SECTIONS.filter((s) => doc[s] !== undefined);
  const guard = expectedRevision === undefined ? [] : [revisionGuard(db, workspaceId, expectedRevision)];
  const snapshot = encodeSnapshot({ doc });
  let results: D1Result[];
  try {
    results = await db.batch([
      ...guard,
      db
        .prepare(
          "UPDATE workspaces SET revision = revision + 1, organization = ?, settings = ?, sections = ?, cascade_updated_at = ? WHERE id = ? RETURNING revision",
        )
        .bind(doc.organization, json(doc.settings), JSON.stringify(sections), now, workspaceId),
      ...CASCADE_TABLES.map((t) => db.prepare(`DELETE FROM ${t} WHERE workspace_id = ?`).bind(workspaceId)),
      ...insertCascadeStatements(db, workspaceId, doc),
      db
        .prepare(
          "UPDATE key_results SET version = (SELECT revision FROM workspaces WHERE id = ?1) WHERE workspace_id = ?1",
        )
        .bind(workspaceId),
      ...replaceSnapshotStatements(db, workspaceId, snapshot),
    ]);
  } catch (error) {
    if (guard.length > 0 && error instanceof Error && error.message.includes(STALE_MARKER)) {
      throw new StaleRevisionError(`the cascade is no longer at revision ${expectedRevision}`);
    }
    throw error;
  }
  const revision = (results[guard.length]?.results[0] as { revision: number } | undefined)?.revision;
  if (revision === undefined) throw new Error(`workspace ${workspaceId} vanished during a cascade write`);
  return revision;
}
