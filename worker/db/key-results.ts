/** Single key-result writes: one row changes, the rest of the cascade stays as it is. */
import type { KeyResult } from "../../schema/document.ts";

const nil = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/**
 * Statements that overwrite a key result's fields (not its check-ins) if it is still at `version`,
 * and give it the workspace's next revision as its new version. The last statement returns the new
 * `version`, or no row when the key result changed or vanished meanwhile.
 */
export function updateKeyResultStatements(
  db: D1Database,
  workspaceId: string,
  kr: KeyResult,
  version: number,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `UPDATE workspaces SET revision = revision + 1 WHERE id = ?1
         AND EXISTS (SELECT 1 FROM key_results WHERE workspace_id = ?1 AND id = ?2 AND version = ?3)`,
      )
      .bind(workspaceId, kr.id, version),
    db
      .prepare(
        `UPDATE key_results SET objective_id = ?4, title = ?5, kind = ?6, start = ?7, target = ?8, low = ?9,
           high = ?10, milestones = ?11, current = ?12, unit = ?13, weight = ?14, measure = ?15, owner = ?16,
           source = ?17, version = (SELECT revision FROM workspaces WHERE id = ?1)
         WHERE workspace_id = ?1 AND id = ?2 AND version = ?3
         RETURNING version`,
      )
      .bind(
        workspaceId,
        kr.id,
        version,
        kr.objectiveId,
        kr.title,
        kr.kind,
        nil(kr.start),
        nil(kr.target),
        nil(kr.low),
        nil(kr.high),
        json(kr.milestones),
        nil(kr.current),
        nil(kr.unit),
        nil(kr.weight),
        nil(kr.measure),
        nil(kr.owner),
        json(kr.source),
      ),
  ];
}
