/**
 * Stored answers for `Idempotency-Key`. The answer is written in the same batch as the write it
 * describes, so a key either has both or neither, and two racing requests with one key cannot both
 * write: the second one's batch fails on the primary key and it replays the first answer.
 */

export interface StoredAnswer {
  fingerprint: string;
  status: number;
  body: string;
}

export async function findAnswer(
  db: D1Database,
  workspaceId: string,
  key: string,
): Promise<StoredAnswer | null> {
  return db
    .prepare("SELECT fingerprint, status, body FROM idempotency_keys WHERE workspace_id = ? AND key = ?")
    .bind(workspaceId, key)
    .first<StoredAnswer>();
}

/**
 * The statement that records an answer. `body` is JSON; each `patches` entry sets a path of it to the
 * value of a SQL expression evaluated inside the batch (ids and versions known only once written).
 */
export function recordAnswerStatement(
  db: D1Database,
  workspaceId: string,
  key: string,
  answer: StoredAnswer,
  patches: ReadonlyArray<SqlValue & { path: string }>,
  when: SqlValue,
  now: string,
): D1PreparedStatement {
  const params: Array<string | number> = [
    workspaceId,
    key,
    answer.fingerprint,
    answer.status,
    answer.body,
    now,
  ];
  // Renumbers a fragment's ?N placeholders after the parameters bound so far.
  const embed = (value: SqlValue) => {
    const sql = value.sql.replace(/\?(\d+)/g, (_, n) => `?${Number(n) + params.length}`);
    params.push(...value.params);
    return sql;
  };
  let body = "?5";
  for (const patch of patches) body = `json_set(${body}, '${patch.path}', (${embed(patch)}))`;
  const condition = embed(when);
  return db
    .prepare(
      `INSERT INTO idempotency_keys (workspace_id, key, fingerprint, status, body, created_at)
       SELECT ?1, ?2, ?3, ?4, ${body}, ?6 WHERE ${condition}`,
    )
    .bind(...params);
}

/** Replaces a recorded answer's body (when the answer turned out different from the one recorded). */
export async function replaceAnswerBody(
  db: D1Database,
  workspaceId: string,
  key: string,
  body: string,
): Promise<void> {
  await db
    .prepare("UPDATE idempotency_keys SET body = ? WHERE workspace_id = ? AND key = ?")
    .bind(body, workspaceId, key)
    .run();
}

/** A SQL fragment with its own ?1, ?2... parameters. */
export interface SqlValue {
  sql: string;
  params: ReadonlyArray<string | number>;
}

/** Whether a batch failed because the key was recorded meanwhile. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: idempotency_keys/.test(error.message);
}
