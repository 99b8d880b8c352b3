/**
 * The statements of each change (store/port.ts `CascadeChange`), for one batch each: one transaction,
 * so a change is written whole or not at all. Every change bumps the workspace's revision, and what it
 * touches takes that revision as its version.
 */
import type { CascadeDocument, CheckIn, KeyResult } from "../../../schema/document.ts";
import { OPTIONAL_SECTIONS } from "../../../schema/sections.ts";
import { CHECK_IN_SELECT, KEY_RESULT_SELECT } from "./read-rows.ts";
import { replaceSnapshotStatements } from "./snapshot.ts";
import {
  CASCADE_TABLES,
  CHECK_INS,
  columnNames,
  insertCascadeStatements,
  KEY_RESULTS,
  rowOf,
} from "./tables.ts";

/**
 * Every write marks when the cascade was last edited (the Notion sync's time for the document's side
 * of a conflict): a patch or a check-in is as much an edit as a replace.
 */
const EDITED_NOW = "cascade_updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/**
 * Aborts the batch (and so rolls back the transaction) unless the workspace is still at `revision`:
 * `json()` of a non-JSON string is an error, the only way plain SQL can fail on a condition.
 */
export const STALE_MARKER = "malformed JSON";
export function revisionGuard(db: D1Database, workspaceId: string, revision: number): D1PreparedStatement {
  return db
    .prepare(
      "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM workspaces WHERE id = ?1 AND revision = ?2) THEN json('stale') END",
    )
    .bind(workspaceId, revision);
}

/**
 * Replaces the whole cascade: every old row goes, the document's rows and its snapshot come in, and
 * every key result takes the new revision as its version. The first statement returns the revision.
 */
export function replaceStatements(
  db: D1Database,
  workspaceId: string,
  doc: CascadeDocument,
  snapshot: readonly string[],
  now: string,
): D1PreparedStatement[] {
  const sections = OPTIONAL_SECTIONS.filter((s) => doc[s] !== undefined);
  return [
    db
      .prepare(
        "UPDATE workspaces SET revision = revision + 1, organization = ?, settings = ?, sections = ?, cascade_updated_at = ? WHERE id = ? RETURNING revision",
      )
      .bind(
        doc.organization,
        doc.settings === undefined ? null : JSON.stringify(doc.settings),
        JSON.stringify(sections),
        now,
        workspaceId,
      ),
    ...CASCADE_TABLES.map((t) =>
      db.prepare(`DELETE FROM ${t.name} WHERE workspace_id = ?`).bind(workspaceId),
    ),
    ...insertCascadeStatements(db, workspaceId, doc),
    db
      .prepare(
        "UPDATE key_results SET version = (SELECT revision FROM workspaces WHERE id = ?1) WHERE workspace_id = ?1",
      )
      .bind(workspaceId),
    ...replaceSnapshotStatements(db, workspaceId, snapshot),
  ];
}

/** The key result's columns as an UPDATE's SET list, parameters from `?4` on. */
const SET_KEY_RESULT = KEY_RESULTS.columns
  .filter((c) => c.field !== "id")
  .map((c, i) => `"${c.column}" = ?${i + 4}`)
  .join(", ");

/**
 * Overwrites a key result's fields (not its check-ins) if it is still at `version`, and gives it the
 * workspace's next revision as its new version. The last statement returns the new `version`, or no row
 * when the key result changed or vanished meanwhile (then nothing is written).
 */
export function updateKeyResultStatements(
  db: D1Database,
  workspaceId: string,
  kr: KeyResult,
  version: number,
): D1PreparedStatement[] {
  const [, ...values] = rowOf(KEY_RESULTS, kr); // the id is the row's key, not a value to set
  return [
    db
      .prepare(
        `UPDATE workspaces SET revision = revision + 1, ${EDITED_NOW} WHERE id = ?1
         AND EXISTS (SELECT 1 FROM key_results WHERE workspace_id = ?1 AND id = ?2 AND version = ?3)`,
      )
      .bind(workspaceId, kr.id, version),
    db
      .prepare(
        `UPDATE key_results SET ${SET_KEY_RESULT}, version = (SELECT revision FROM workspaces WHERE id = ?1)
         WHERE workspace_id = ?1 AND id = ?2 AND version = ?3
         RETURNING version`,
      )
      .bind(workspaceId, kr.id, version, ...values),
  ];
}

const CHECK_IN_COLUMNS = columnNames(CHECK_INS, ["workspace_id", "key_result_id"])
  .map((c) => `"${c}"`)
  .join(", ");
const CHECK_IN_PARAMS = columnNames(CHECK_INS, ["workspace_id", "key_result_id"])
  .map((_, i) => `?${i + 1}`)
  .join(", ");

/**
 * Appends a check-in to a key result and bumps its version to the workspace's next revision. The insert
 * returns the new `seq`, or no row if the key result is gone meanwhile; the last statement returns the
 * key result's new `version`.
 */
export function addCheckInStatements(
  db: D1Database,
  workspaceId: string,
  keyResultId: string,
  checkIn: CheckIn,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO check_ins (${CHECK_IN_COLUMNS})
         SELECT ${CHECK_IN_PARAMS}
         WHERE EXISTS (SELECT 1 FROM key_results WHERE workspace_id = ?1 AND id = ?2)
         RETURNING seq`,
      )
      .bind(workspaceId, keyResultId, ...rowOf(CHECK_INS, checkIn)),
    db.prepare(`UPDATE workspaces SET revision = revision + 1, ${EDITED_NOW} WHERE id = ?`).bind(workspaceId),
    db
      .prepare(
        `UPDATE key_results SET has_check_ins = 1, version = (SELECT revision FROM workspaces WHERE id = ?1)
         WHERE workspace_id = ?1 AND id = ?2 RETURNING version`,
      )
      .bind(workspaceId, keyResultId),
  ];
}

/**
 * Appends many check-ins in one batch (a sync's reconciliation) and bumps the revision once; every key
 * result touched takes it as its version. Callers guard the batch with the revision they planned
 * against, so a key result removed meanwhile makes the whole batch stale, never half written.
 */
export function addCheckInsStatements(
  db: D1Database,
  workspaceId: string,
  checkIns: ReadonlyArray<{ readonly keyResultId: string; readonly checkIn: CheckIn }>,
): D1PreparedStatement[] {
  const inserts = checkIns.map(({ keyResultId, checkIn }) =>
    db
      .prepare(`INSERT INTO check_ins (${CHECK_IN_COLUMNS}) VALUES (${CHECK_IN_PARAMS})`)
      .bind(workspaceId, keyResultId, ...rowOf(CHECK_INS, checkIn)),
  );
  const ids = [...new Set(checkIns.map((c) => c.keyResultId))];
  const versions: D1PreparedStatement[] = [];
  // D1 binds at most 100 parameters a statement: the workspace's id and 98 key result ids.
  for (let i = 0; i < ids.length; i += 98) {
    const chunk = ids.slice(i, i + 98);
    versions.push(
      db
        .prepare(
          `UPDATE key_results SET has_check_ins = 1, version = (SELECT revision FROM workspaces WHERE id = ?1)
           WHERE workspace_id = ?1 AND id IN (${chunk.map((_, j) => `?${j + 2}`).join(", ")})`,
        )
        .bind(workspaceId, ...chunk),
    );
  }
  return [
    ...inserts,
    db
      .prepare(`UPDATE workspaces SET revision = revision + 1, ${EDITED_NOW} WHERE id = ? RETURNING revision`)
      .bind(workspaceId),
    ...versions,
  ];
}

/**
 * Statements that read one key result as it stands, its row and then its check-ins, unless its version
 * is `unlessVersion` (then they return nothing and read one row). At the end of a write's batch they
 * see exactly what that write left.
 */
export function readBackStatements(
  db: D1Database,
  workspaceId: string,
  id: string,
  unlessVersion: number,
): D1PreparedStatement[] {
  const changed = "SELECT 1 FROM key_results WHERE workspace_id = ?1 AND id = ?2 AND version <> ?3";
  return [
    db
      .prepare(
        `SELECT ${KEY_RESULT_SELECT} FROM key_results WHERE workspace_id = ?1 AND id = ?2 AND version <> ?3`,
      )
      .bind(workspaceId, id, unlessVersion),
    db
      .prepare(
        `SELECT ${CHECK_IN_SELECT} FROM check_ins WHERE workspace_id = ?1 AND key_result_id = ?2 AND EXISTS (${changed}) ORDER BY seq`,
      )
      .bind(workspaceId, id, unlessVersion),
  ];
}
