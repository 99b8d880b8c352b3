/** Check-ins in D1: a page by arrival order, and one new check-in. */
import type { CheckIn } from "../../schema/document.ts";
import { toCheckIn } from "./cascade-read.ts";

export interface StoredCheckIn extends CheckIn {
  /** The check-in's sequence number, as a string: its id and its place in the list. */
  id: string;
  keyResultId: string;
}

function toStoredCheckIn(row: Record<string, string | number | null>): StoredCheckIn {
  return { id: String(row.seq), keyResultId: String(row.key_result_id), ...toCheckIn(row) };
}

/** Up to `limit` check-ins after sequence number `after`, oldest first (optionally of one key result). */
export async function checkInsAfter(
  db: D1Database,
  workspaceId: string,
  after: number,
  limit: number,
  keyResultId?: string,
): Promise<StoredCheckIn[]> {
  const byKr = keyResultId === undefined ? "" : " AND key_result_id = ?4";
  const statement = db.prepare(
    `SELECT * FROM check_ins WHERE workspace_id = ?1 AND seq > ?2${byKr} ORDER BY seq LIMIT ?3`,
  );
  const bound =
    keyResultId === undefined
      ? statement.bind(workspaceId, after, limit)
      : statement.bind(workspaceId, after, limit, keyResultId);
  const { results } = await bound.all<Record<string, string | number | null>>();
  return results.map(toStoredCheckIn);
}

/**
 * Statements that append a check-in to a key result and bump its version to the workspace's next
 * revision, for one batch. The insert returns the new `seq`, or no row if the key result is gone
 * meanwhile; the last statement returns the key result's new `version`.
 */
export function appendCheckInStatements(
  db: D1Database,
  workspaceId: string,
  keyResultId: string,
  checkIn: CheckIn,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO check_ins (workspace_id, key_result_id, date, value, confidence, note, source)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
         WHERE EXISTS (SELECT 1 FROM key_results WHERE workspace_id = ?1 AND id = ?2)
         RETURNING seq`,
      )
      .bind(
        workspaceId,
        keyResultId,
        checkIn.date,
        checkIn.value ?? null,
        checkIn.confidence ?? null,
        checkIn.note ?? null,
        checkIn.source ?? null,
      ),
    db.prepare("UPDATE workspaces SET revision = revision + 1 WHERE id = ?").bind(workspaceId),
    db
      .prepare(
        `UPDATE key_results SET has_check_ins = 1, version = (SELECT revision FROM workspaces WHERE id = ?1)
         WHERE workspace_id = ?1 AND id = ?2 RETURNING version`,
      )
      .bind(workspaceId, keyResultId),
  ];
}
