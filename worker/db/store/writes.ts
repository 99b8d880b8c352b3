/**
 * The statements of each change (store/port.ts `CascadeChange`), for one batch each: one transaction,
 * so a change is written whole or not at all. Every change bumps the workspace's revision, and what it
 * touches takes that revision as its version.
 */
import type { CascadeDocument, CheckIn, KeyResult } from "../../../schema/document.ts";
import { OPTIONAL_SECTIONS } from "../../../schema/sections.ts";
import type { Authorship } from "../people.ts";
import { CHECK_IN_SELECT, KEY_RESULT_SELECT } from "./read-rows.ts";
import { replaceSnapshotStatements } from "./snapshot.ts";
import {
  AUTHORSHIP_COLUMNS,
  authorshipRow,
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
 * The fields that make two check-ins the same one (key result, date, value, confidence, note,
 * source), as one JSON text to partition by (NULLs included, each field apart from the others).
 */
const CHECK_IN_IDENTITY = `json_array(${["key_result_id", ...CHECK_INS.columns.map((c) => c.column)]
  .map((c) => `"${c}"`)
  .join(", ")})`;
const AUTHORSHIP_LIST = AUTHORSHIP_COLUMNS.join(", ");

/**
 * What a replace does to the recorded check-ins (those with a `recorded_at`: posted through the API or
 * the dashboard), so that a document that keeps a check-in unchanged keeps who recorded it and when.
 * First they are set aside under their negated `seq` (sequence numbers are positive, so nothing else
 * has one); after the document's check-ins are in, each new check-in identical to a set-aside one of
 * the same key result (same date, value, confidence, note and source; the k-th of identical ones with
 * the k-th, in order) takes its authorship; then the set-aside rows go. All in the replace's batch.
 */
function setAsideRecordedCheckIns(db: D1Database, workspaceId: string): D1PreparedStatement {
  return db
    .prepare("UPDATE check_ins SET seq = -seq WHERE workspace_id = ? AND recorded_at IS NOT NULL")
    .bind(workspaceId);
}

function carryOverAuthorship(db: D1Database, workspaceId: string): D1PreparedStatement[] {
  // One pass, no join: the key results' old and new rows, numbered in order within their side among
  // identical ones (k), then ordered by seq within (same check-in, k): the set-aside row (negative
  // seq) comes first, and the new row after it takes its columns with lag().
  const lagged = AUTHORSHIP_COLUMNS.map((c) => `lag(${c}) OVER paired AS ${c}`).join(", ");
  return [
    db
      .prepare(
        `UPDATE check_ins SET (${AUTHORSHIP_LIST}) = (m.${AUTHORSHIP_COLUMNS.join(", m.")})
           FROM (SELECT seq, ${lagged}
                   FROM (SELECT seq, same, ${AUTHORSHIP_LIST},
                                row_number() OVER (PARTITION BY same, seq < 0 ORDER BY abs(seq)) AS k
                           FROM (SELECT seq, ${CHECK_IN_IDENTITY} AS same, ${AUTHORSHIP_LIST}
                                   FROM check_ins
                                  WHERE workspace_id = ?1 AND key_result_id IN
                                        (SELECT key_result_id FROM check_ins WHERE workspace_id = ?1 AND seq < 0)))
                 WINDOW paired AS (PARTITION BY same, k ORDER BY seq)) AS m
          WHERE check_ins.seq = m.seq AND m.seq > 0 AND m.recorded_at IS NOT NULL`,
      )
      .bind(workspaceId),
    db.prepare("DELETE FROM check_ins WHERE workspace_id = ? AND seq < 0").bind(workspaceId),
  ];
}

/**
 * Replaces the whole cascade: every old row goes, the document's rows and its snapshot come in, and
 * every key result takes the new revision as its version; check-ins the document keeps unchanged keep
 * their authorship (`setAsideRecordedCheckIns`). The first statement returns the revision.
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
    setAsideRecordedCheckIns(db, workspaceId),
    ...CASCADE_TABLES.map((t) =>
      db
        .prepare(`DELETE FROM ${t.name} WHERE workspace_id = ?${t === CHECK_INS ? " AND seq > 0" : ""}`)
        .bind(workspaceId),
    ),
    ...insertCascadeStatements(db, workspaceId, doc),
    ...carryOverAuthorship(db, workspaceId),
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
const RECORDED_CHECK_IN_COLUMNS = [
  ...columnNames(CHECK_INS, ["workspace_id", "key_result_id"]),
  ...AUTHORSHIP_COLUMNS,
];

/**
 * Appends a check-in to a key result, with who recorded it and when (`authorship`), and bumps its
 * version to the workspace's next revision. The insert returns the new `seq`, or no row if the key
 * result is gone meanwhile; the last statement returns the key result's new `version`.
 */
export function addCheckInStatements(
  db: D1Database,
  workspaceId: string,
  keyResultId: string,
  checkIn: CheckIn,
  authorship: Authorship | null = null,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO check_ins (${RECORDED_CHECK_IN_COLUMNS.map((c) => `"${c}"`).join(", ")})
         SELECT ${RECORDED_CHECK_IN_COLUMNS.map((_, i) => `?${i + 1}`).join(", ")}
         WHERE EXISTS (SELECT 1 FROM key_results WHERE workspace_id = ?1 AND id = ?2)
         RETURNING seq`,
      )
      .bind(workspaceId, keyResultId, ...rowOf(CHECK_INS, checkIn), ...authorshipRow(authorship)),
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
