/**
 * The one paginator of the API: keyset cursors. A cursor names the last key served, so rows written
 * or deleted meanwhile never shift a page: nothing is served twice and nothing that stayed is skipped.
 */
import { compareText } from "../core/compare.ts";
import { fromBase64Url, toBase64Url } from "./base64.ts";
import { HttpError } from "./http-error.ts";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type CursorKey = string | number;

export function encodeCursor(after: CursorKey): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify({ after })));
}

/**
 * The key a cursor names; 400 for anything this API did not hand out, or a cursor of another list
 * (its key of the other type: lists by id take ids, the check-ins list takes sequence numbers). Only
 * what `encodeCursor` makes is taken: `{"after":…}` and nothing else, in its exact base64url, holding
 * a non-empty string or a sequence number (an integer from 1 to 2^53 − 1).
 */
export function decodeCursor(cursor: string, type: "string"): string;
export function decodeCursor(cursor: string, type: "number"): number;
export function decodeCursor(cursor: string, type: "string" | "number"): CursorKey {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor)));
    if (parsed && typeof parsed === "object" && "after" in parsed) {
      const after = parsed.after;
      const key =
        type === "string"
          ? typeof after === "string" && after !== ""
            ? after
            : undefined
          : typeof after === "number" && Number.isSafeInteger(after) && after >= 1
            ? after
            : undefined;
      if (key !== undefined && encodeCursor(key) === cursor) return key;
    }
  } catch {
    // fall through: any decoding failure is the client's bad cursor
  }
  throw new HttpError("invalid_request", "invalid cursor", [
    { path: "cursor", message: "not a nextCursor of this list" },
  ]);
}

/**
 * A page of `items` in key order, after the cursor's key.
 *
 * @example pageByKey(objectives, (o) => o.id, undefined, 100) // the first 100 by id
 */
export function pageByKey<T>(
  items: readonly T[],
  key: (item: T) => string,
  cursor: string | undefined,
  limit: number,
): Page<T> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor, "string");
  const sorted = items
    .filter((item) => after === undefined || compareText(key(item), after) > 0)
    .sort((a, b) => compareText(key(a), key(b)));
  return finishPage(sorted.slice(0, limit + 1), key, limit);
}

/** Turns `limit + 1` rows in key order into a page (the extra row only says that more exist). */
export function finishPage<T>(rows: readonly T[], key: (item: T) => CursorKey, limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null };
}
