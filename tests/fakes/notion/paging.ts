/**
 * Cursor pagination as Notion's "Pagination" reference describes it: `page_size` from 1 to 100
 * (default 100), answers `{ results, next_cursor, has_more }`, and a cursor is an opaque string that is
 * good only for the query that produced it (another query's cursor is a validation error here).
 */
import { createHash } from "node:crypto";
import { failedValidation, invalidField } from "./errors.ts";

const MAX_PAGE_SIZE = 100;

export interface PageOf<T> {
  results: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/** Where the paging parameters came from, for error messages: a POST body or a GET query string. */
export type ParamsIn = "body" | "query";

/**
 * One page of `items`. `scope` is any JSON value that identifies the query (data source, filter,
 * sorts...); a cursor carries its fingerprint and the offset of the next item.
 */
export function paginate<T>(
  items: readonly T[],
  scope: unknown,
  params: { start_cursor?: unknown; page_size?: unknown },
  paramsIn: ParamsIn,
): PageOf<T> {
  const size = pageSize(params.page_size, paramsIn);
  const fingerprint = createHash("sha1").update(JSON.stringify(scope)).digest("base64url").slice(0, 12);
  const start = offsetOf(params.start_cursor, fingerprint, paramsIn);
  const end = start + size;
  const hasMore = end < items.length;
  return {
    results: items.slice(start, end),
    next_cursor: hasMore
      ? Buffer.from(JSON.stringify({ q: fingerprint, o: end })).toString("base64url")
      : null,
    has_more: hasMore,
  };
}

function pageSize(value: unknown, paramsIn: ParamsIn): number {
  if (value === undefined || value === null) return MAX_PAGE_SIZE;
  const size = paramsIn === "query" && typeof value === "string" ? Number(value) : value;
  const path = `${paramsIn}.page_size`;
  if (typeof size !== "number" || !Number.isInteger(size)) throw invalidField(path, "an integer", value);
  if (size > MAX_PAGE_SIZE) {
    throw failedValidation(path, `should be ≤ \`${MAX_PAGE_SIZE}\`, instead was \`${size}\`.`);
  }
  if (size < 1) throw failedValidation(path, `should be ≥ \`1\`, instead was \`${size}\`.`);
  return size;
}

function offsetOf(cursor: unknown, fingerprint: string, paramsIn: ParamsIn): number {
  if (cursor === undefined || cursor === null) return 0;
  const invalid = invalidField(`${paramsIn}.start_cursor`, "a cursor returned by this query", cursor);
  if (typeof cursor !== "string") throw invalid;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid;
  }
  const { q, o } = (decoded ?? {}) as { q?: unknown; o?: unknown };
  if (q !== fingerprint || typeof o !== "number" || !Number.isInteger(o) || o < 0) throw invalid;
  return o;
}
