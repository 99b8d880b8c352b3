/**
 * The check-ins of a date window (`from`, `to`), for a sync table that keeps to the last weeks or to one
 * cycle, so it never outgrows the doc's row limit. Read through the store's list by arrival: a check-in
 * is dated by its owner, not by its arrival, so a window is not a range of sequence numbers.
 */
import { invalid } from "../http-error.ts";

export interface DateWindow {
  from?: string | undefined;
  to?: string | undefined;
}

/** Rows per read while looking for a window's check-ins: a few reads skip a year of older ones. */
export const WINDOW_SCAN_BATCH = 2000;

/** 400 when the window ends before it starts. */
export function checkWindow(window: DateWindow): void {
  if (window.from !== undefined && window.to !== undefined && window.to < window.from) {
    throw invalid("invalid_request", [{ path: "to", message: "expected a day on or after from" }]);
  }
}

/** Whether the window sets a bound at all. */
export function hasBounds(window: DateWindow): boolean {
  return window.from !== undefined || window.to !== undefined;
}

/**
 * Up to `limit` check-ins after sequence number `after`, oldest first, dated within the window; null
 * when `read` says its key result does not exist. `read` is the store's list by arrival
 * (`checkInsAfter`), asked for `batch` rows at a time until `limit` fit the window or none are left.
 *
 * @example
 * await checkInsInWindow((after, n) => store.checkInsAfter(after, n), 0, 101, { from: "2026-08-01" })
 */
export async function checkInsInWindow<Row extends { id: string; date: string }>(
  read: (after: number, limit: number) => Promise<Row[] | null>,
  after: number,
  limit: number,
  window: DateWindow,
  batch = WINDOW_SCAN_BATCH,
): Promise<Row[] | null> {
  const kept: Row[] = [];
  let cursor = after;
  for (;;) {
    const rows = await read(cursor, batch);
    if (rows === null) return null;
    for (const row of rows) {
      if (window.from !== undefined && row.date < window.from) continue;
      if (window.to !== undefined && row.date > window.to) continue;
      kept.push(row);
      if (kept.length === limit) return kept;
    }
    const last = rows[rows.length - 1];
    if (rows.length < batch || last === undefined) return kept;
    cursor = Number(last.id);
  }
}
