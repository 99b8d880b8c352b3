/**
 * Who recorded each check-in of a key result, and when, for its page. The document's check-ins carry
 * neither (DOMAIN fixes their fields); D1 keeps both beside each row (`check_ins.author_*`,
 * `recorded_at`), which the store's `checkInsAfter` reads. The page shows the document's check-ins,
 * scored from a cached revision that may be older than the rows, so the two are matched by content:
 * the k-th check-in of the document with given fields takes the k-th row with the same fields, as a
 * replace of the cascade keeps authors (docs/worker.md, "A replace keeps the authors").
 */
import type { CheckIn } from "../../core/model/document.ts";
import type { CheckInAuthor } from "../db/people.ts";
import type { D1CascadeStore } from "../db/store/d1-store.ts";

/** Who recorded a check-in and when; both null for one that came in a document or from a sync. */
export interface Recorded {
  author: CheckInAuthor | null;
  recordedAt: string | null;
}

/** A check-in's fields as one comparable key (absent and undefined alike). */
function fieldsKey(c: CheckIn): string {
  return JSON.stringify([c.date, c.value ?? null, c.confidence ?? null, c.note ?? null, c.source ?? null]);
}

/**
 * Pairs the document's check-ins of one key result with D1's rows of it, identical fields to identical
 * fields, in order. Check-ins without a recorded row (or whose row has no author) are left out.
 *
 * @example
 * matchRecorded([{ date: "2026-02-10", value: 5 }], [{ date: "2026-02-10", value: 5, author, recordedAt }])
 * // Map { <the check-in> => { author, recordedAt } }
 */
export function matchRecorded(
  checkIns: readonly CheckIn[],
  rows: ReadonlyArray<CheckIn & Recorded>,
): Map<CheckIn, Recorded> {
  const waiting = new Map<string, Array<CheckIn & Recorded>>();
  for (const row of rows) {
    const key = fieldsKey(row);
    const queue = waiting.get(key);
    if (queue) queue.push(row);
    else waiting.set(key, [row]);
  }
  const matched = new Map<CheckIn, Recorded>();
  for (const checkIn of checkIns) {
    const row = waiting.get(fieldsKey(checkIn))?.shift();
    if (row && (row.author !== null || row.recordedAt !== null)) {
      matched.set(checkIn, { author: row.author, recordedAt: row.recordedAt });
    }
  }
  return matched;
}

/**
 * Who recorded each of a key result's check-ins, read from D1 (one batch). `limit` bounds the rows
 * read: at least the key result's check-ins, at most what one key result may hold.
 */
export async function recordedCheckIns(
  store: Pick<D1CascadeStore, "checkInsAfter">,
  keyResultId: string,
  checkIns: readonly CheckIn[],
  limit: number,
): Promise<Map<CheckIn, Recorded>> {
  if (checkIns.length === 0) return new Map();
  const rows = await store.checkInsAfter(0, Math.max(limit, checkIns.length), keyResultId);
  return matchRecorded(checkIns, rows ?? []);
}

/**
 * Who a check-in names on the page: the person's name, "integration" or "admin" for a token, else the
 * source it came from ("coda", "notion"), else "–".
 *
 * @example recordedBy({ date: "2026-02-10", source: "notion" }, undefined) // "notion"
 */
export function recordedBy(checkIn: CheckIn, recorded: Recorded | undefined): string {
  return recorded?.author?.name ?? checkIn.source ?? "–";
}
