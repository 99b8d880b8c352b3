/**
 * The endpoints the fake serves, at the spec's paths under `/apis/v1`: `whoami`, `getDoc`, `getTable`,
 * `listColumns`, `getColumn`, `listRows` and `getRow`; the row writes `upsertRows`, `updateRow` and
 * `deleteRow` (writes.ts), answered 202 as Coda answers every queued mutation, and `getMutationStatus`.
 * Query parameters and request bodies are checked against the spec's schemas (a 400 names the one at
 * fault); anything else is a 404.
 *
 * Paging follows the spec: `limit` (default 25; at most 100 for columns), `pageToken` from a page's
 * `nextPageToken` (then every other parameter is ignored, as Coda does: the token carries them), and
 * `nextPageLink` to the same. The last page of a row list carries `nextSyncToken`; passed back later as
 * `syncToken`, it lists only the rows created or changed since it was issued that match its query
 * (rows deleted since are not reported).
 */

import { matchPattern, param } from "../route-pattern.ts";
import { parseRowsUpsert, parseRowUpdate } from "./edits.ts";
import { badRequest, notFound } from "./errors.ts";
import { parseRowQuery } from "./query.ts";
import type { Renderer, RowFormat } from "./render.ts";
import { decodeToken, encodeToken } from "./tokens.ts";
import { simpleCell, VALUE_FORMATS } from "./values.ts";
import type { CodaWorkspace, FakeRow, FakeTable } from "./workspace.ts";
import { deleteRow, mutationStatus, updateRow, upsertRows } from "./writes.ts";

export interface ApiRequest {
  method: string;
  /** The path after `/apis/v1/`, split at slashes and URI-decoded. */
  segments: readonly string[];
  query: URLSearchParams;
  /** The request's URL, for `href`. */
  url: URL;
  /** The JSON body, parsed; undefined when the request carried none. */
  body: unknown;
}

/** What an endpoint answers: 200 to a read, 202 to a write (Coda queues every mutation). */
export interface ApiAnswer {
  status: 200 | 202;
  body: unknown;
}

interface Context {
  workspace: CodaWorkspace;
  render: Renderer;
  request: ApiRequest;
  params: Record<string, string>;
}

type Handler = (context: Context) => unknown;

const TABLE = "docs/:docId/tables/:tableIdOrName";

type Method = "GET" | "POST" | "PUT" | "DELETE";

const ROUTES: ReadonlyArray<readonly [method: Method, pattern: string, handler: Handler]> = [
  ["GET", "whoami", ({ render }) => render.user()],
  [
    "GET",
    "docs/:docId",
    ({ workspace, render, params }) => render.doc(workspace.doc(param(params, "docId"))),
  ],
  ["GET", TABLE, ({ render, ...context }) => render.table(...docAndTable(context))],
  ["GET", `${TABLE}/columns`, listColumns],
  ["GET", `${TABLE}/columns/:columnIdOrName`, getColumn],
  ["GET", `${TABLE}/rows`, listRows],
  ["POST", `${TABLE}/rows`, postRows],
  ["GET", `${TABLE}/rows/:rowIdOrName`, getRow],
  ["PUT", `${TABLE}/rows/:rowIdOrName`, putRow],
  [
    "DELETE",
    `${TABLE}/rows/:rowIdOrName`,
    ({ workspace, params }) =>
      deleteRow(workspace, ...docAndTable({ workspace, params }), param(params, "rowIdOrName")),
  ],
  [
    "GET",
    "mutationStatus/:requestId",
    ({ workspace, params }) => mutationStatus(workspace, param(params, "requestId")),
  ],
];

/** The answer to a request, or a thrown `CodaFakeError`. */
export function route(workspace: CodaWorkspace, render: Renderer, request: ApiRequest): ApiAnswer {
  for (const [method, pattern, handler] of ROUTES) {
    const params = matchPattern(pattern, request.segments);
    if (params !== undefined && request.method === method) {
      const body = handler({ workspace, render, request, params });
      return { status: method === "GET" ? 200 : 202, body };
    }
  }
  throw notFound(`No endpoint ${request.method} /${request.segments.join("/")}.`);
}

function docAndTable({ workspace, params }: Pick<Context, "workspace" | "params">) {
  const doc = workspace.doc(param(params, "docId"));
  return [doc, workspace.table(doc, param(params, "tableIdOrName"))] as const;
}

interface ColumnsCursor {
  kind: "columns";
  table: string;
  limit: number;
  offset: number;
}

function listColumns({ workspace, render, request, params }: Context) {
  const [doc, table] = docAndTable({ workspace, params });
  const pageToken = request.query.get("pageToken");
  const cursor: ColumnsCursor =
    pageToken === null
      ? { kind: "columns", table: table.id, limit: limitOf(request.query, 100), offset: 0 }
      : decodeToken(pageToken, "pageToken", (value): value is ColumnsCursor =>
          isCursor(value, "columns", table),
        );
  if (pageToken === null) booleanOf(request.query, "visibleOnly");
  const end = cursor.offset + cursor.limit;
  const items = table.columns.slice(cursor.offset, end).map((column) => render.column(doc, table, column));
  const next = end < table.columns.length ? encodeToken({ ...cursor, offset: end }) : undefined;
  return { items, href: request.url.href, ...nextPage(request.url, next) };
}

function getColumn({ workspace, render, params }: Context) {
  const [doc, table] = docAndTable({ workspace, params });
  return render.columnDetail(doc, table, workspace.columnOrThrow(table, param(params, "columnIdOrName")));
}

type SortBy = "createdAt" | "natural" | "updatedAt";
const SORTS: readonly SortBy[] = ["createdAt", "natural", "updatedAt"];

/** Everything a page of rows depends on: what a page token carries. */
interface RowsCursor extends RowFormat {
  kind: "rows";
  table: string;
  query: string | null;
  sortBy: SortBy;
  limit: number;
  /** With a sync token: only rows changed after this history count. */
  since: number | null;
  /** The history count when the first page was served: the next sync token's. */
  issuedAt: number;
  /** The sort key of the last row served. */
  after: number | null;
}

interface SyncCursor {
  kind: "sync";
  table: string;
  query: string | null;
  since: number;
}

function listRows({ workspace, render, request, params }: Context) {
  const [doc, table] = docAndTable({ workspace, params });
  const { query } = request;
  const pageToken = query.get("pageToken");
  let cursor: RowsCursor;
  if (pageToken !== null) {
    cursor = decodeToken(pageToken, "pageToken", (value): value is RowsCursor =>
      isCursor(value, "rows", table),
    );
  } else {
    const syncToken = query.get("syncToken");
    const sync =
      syncToken === null
        ? undefined
        : decodeToken(syncToken, "syncToken", (value): value is SyncCursor => isCursor(value, "sync", table));
    const sortBy = enumOf(query, "sortBy", SORTS) ?? "createdAt";
    if (sortBy === "natural" && booleanOf(query, "visibleOnly") === false) {
      throw badRequest(
        "sortBy=natural implies visibleOnly=true: it cannot be combined with visibleOnly=false.",
      );
    }
    booleanOf(query, "visibleOnly");
    cursor = {
      kind: "rows",
      table: table.id,
      // A sync token lists what matches the query it was issued for.
      query: sync === undefined ? query.get("query") : sync.query,
      sortBy,
      limit: limitOf(query),
      valueFormat: enumOf(query, "valueFormat", VALUE_FORMATS) ?? "simple",
      useColumnNames: booleanOf(query, "useColumnNames") ?? false,
      since: sync?.since ?? null,
      issuedAt: workspace.version,
      after: null,
    };
  }
  const key = (row: FakeRow) => (cursor.sortBy === "updatedAt" ? row.changed : row.seq);
  const matches = matcher(workspace, table, cursor.query);
  const rows = table.rows
    .filter((row) => (cursor.since === null || row.changed > cursor.since) && matches(row))
    .sort((a, b) => key(a) - key(b))
    .filter((row) => cursor.after === null || key(row) > cursor.after);
  const page = rows.slice(0, cursor.limit);
  const last = page.at(-1);
  const more = rows.length > page.length && last !== undefined;
  const items = page.map((row) => render.row(doc, table, row, cursor));
  const href = { href: request.url.href };
  if (more) return { items, ...href, ...nextPage(request.url, encodeToken({ ...cursor, after: key(last) })) };
  const sync: SyncCursor = { kind: "sync", table: table.id, query: cursor.query, since: cursor.issuedAt };
  return { items, ...href, nextSyncToken: encodeToken(sync) };
}

function getRow({ workspace, render, request, params }: Context) {
  const [doc, table] = docAndTable({ workspace, params });
  const format: RowFormat = {
    valueFormat: enumOf(request.query, "valueFormat", VALUE_FORMATS) ?? "simple",
    useColumnNames: booleanOf(request.query, "useColumnNames") ?? false,
  };
  return render.rowDetail(doc, table, workspace.row(table, param(params, "rowIdOrName")), format);
}

function postRows({ workspace, request, params }: Context) {
  const [doc, table] = docAndTable({ workspace, params });
  booleanOf(request.query, "disableParsing");
  return upsertRows(workspace, doc, table, parseRowsUpsert(request.body));
}

function putRow({ workspace, request, params }: Context) {
  const [doc, table] = docAndTable({ workspace, params });
  booleanOf(request.query, "disableParsing");
  return updateRow(workspace, doc, table, param(params, "rowIdOrName"), parseRowUpdate(request.body));
}

/** Whether a row matches a `query` parameter (none: every row). */
function matcher(
  workspace: CodaWorkspace,
  table: FakeTable,
  query: string | null,
): (row: FakeRow) => boolean {
  if (query === null) return () => true;
  const { column, value } = parseRowQuery(query);
  const found = workspace.column(table, column);
  if (found === undefined) {
    throw badRequest(
      `Invalid query ${JSON.stringify(query)}: table "${table.name}" has no column "${column}".`,
    );
  }
  return (row) => simpleCell(row.cells.get(found.id)) === value;
}

function nextPage(url: URL, token: string | undefined) {
  if (token === undefined) return {};
  const link = new URL(url.pathname, url);
  link.searchParams.set("pageToken", token);
  return { nextPageToken: token, nextPageLink: link.href };
}

function isCursor(value: unknown, kind: string, table: FakeTable): boolean {
  if (typeof value !== "object" || value === null) return false;
  const cursor = value as { kind?: unknown; table?: unknown };
  return cursor.kind === kind && cursor.table === table.id;
}

/** `limit`: an integer from 1 (default 25), at most `max` where the spec sets one. */
function limitOf(query: URLSearchParams, max = Number.POSITIVE_INFINITY): number {
  const raw = query.get("limit");
  if (raw === null) return 25;
  const limit = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(limit) || limit < 1 || limit > max) {
    const range = Number.isFinite(max) ? `from 1 to ${max}` : "of at least 1";
    throw badRequest(`Invalid limit ${JSON.stringify(raw)}: expected an integer ${range}.`);
  }
  return limit;
}

function booleanOf(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw badRequest(`Invalid ${name} ${JSON.stringify(raw)}: expected true or false.`);
}

function enumOf<T extends string>(query: URLSearchParams, name: string, values: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw badRequest(`Invalid ${name} ${JSON.stringify(raw)}: expected one of ${values.join(", ")}.`);
}
