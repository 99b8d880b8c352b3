/**
 * Bulk inserts that respect D1's limit of 100 bound parameters per statement: rows travel as one JSON
 * array bound to a single parameter and are unpacked by SQLite's `json_each`. Chunks are cut by size,
 * so a 10,000-key-result cascade is a handful of statements, not thousands.
 */

import { HttpError } from "../../http-error.ts";

/** Stays well under D1's 2 MB limit for a bound string. */
export const MAX_CHUNK_BYTES = 500_000;

/** D1's limit on one value: a row that alone exceeds it cannot be stored. */
const MAX_VALUE_BYTES = 2_000_000;

/** A row's values in column order; nested values must already be JSON strings. */
export type Row = ReadonlyArray<string | number | boolean | null>;

/**
 * Statements inserting `rows` into `table` for one workspace. Columns are listed without
 * `workspace_id`, which every statement adds.
 *
 * @example insertRows(db, "imperatives", ["position", "id", "title"], "acme", [[0, "i1", "Win"]])
 */
export function insertRows(
  db: D1Database,
  table: string,
  columns: readonly string[],
  workspaceId: string,
  rows: readonly Row[],
  maxChunkBytes = MAX_CHUNK_BYTES,
): D1PreparedStatement[] {
  const names = columns.map((c) => `"${c}"`).join(", ");
  const values = columns.map((_, i) => `j.value ->> '$[${i}]'`).join(", ");
  const sql = `INSERT INTO ${table} (workspace_id, ${names}) SELECT ?1, ${values} FROM json_each(?2) AS j ORDER BY j.key`;
  const statements: D1PreparedStatement[] = [];
  let chunk: string[] = [];
  let bytes = 2;
  const flush = () => {
    if (chunk.length === 0) return;
    statements.push(db.prepare(sql).bind(workspaceId, `[${chunk.join(",")}]`));
    chunk = [];
    bytes = 2;
  };
  for (const row of rows) {
    const json = JSON.stringify(row);
    // Characters, not bytes: UTF-8 may take up to 3 bytes for one, so the check errs on the safe side.
    if (json.length * 3 > MAX_VALUE_BYTES && new TextEncoder().encode(json).length + 2 > MAX_VALUE_BYTES) {
      throw new HttpError(
        "payload_too_large",
        `one record of ${table} takes more than D1's 2 MB limit on a stored value`,
      );
    }
    if (bytes + json.length + 1 > maxChunkBytes) flush();
    chunk.push(json);
    bytes += json.length + 1;
  }
  flush();
  return statements;
}
