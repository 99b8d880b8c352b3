/**
 * The endpoints the fake serves, at the methods and paths `@notionhq/client` 5.26 sends
 * (`build/src/api-endpoints/*.js`: `getSelf`, `createPage`, `getPage`, `updatePage`, `getPageProperty`,
 * `createDatabase`, `getDatabase`, `getDataSource`, `updateDataSource`, `queryDataSource`,
 * `listBlockChildren`, `search`). Anything else is Notion's 400 `invalid_request_url`.
 */
import { matchPattern, param } from "../route-pattern.ts";
import { NotionFakeError } from "./errors.ts";
import type { QueryParams, Workspace } from "./workspace.ts";

export interface ApiRequest {
  method: string;
  /** The path after `/v1/`, split at slashes. */
  segments: readonly string[];
  body: unknown;
  query: URLSearchParams;
  baseUrl: string;
}

type Handler = (workspace: Workspace, params: Record<string, string>, request: ApiRequest) => unknown;

const ROUTES: ReadonlyArray<readonly [method: string, pattern: string, handler: Handler]> = [
  ["GET", "users/me", (w) => w.me()],
  ["POST", "pages", (w, _, r) => w.renderPage(w.createPage(r.body, w.bot))],
  ["GET", "pages/:page_id", (w, p) => w.renderPage(w.page(param(p, "page_id")))],
  ["PATCH", "pages/:page_id", (w, p, r) => w.renderPage(w.updatePage(param(p, "page_id"), r.body, w.bot))],
  [
    "GET",
    "pages/:page_id/properties/:property_id",
    (w, p, r) => w.pageProperty(param(p, "page_id"), param(p, "property_id"), paging(r.query), r.baseUrl),
  ],
  ["POST", "databases", (w, _, r) => w.renderDatabase(w.createDatabase(r.body))],
  ["GET", "databases/:database_id", (w, p) => w.renderDatabase(w.database(param(p, "database_id")))],
  [
    "GET",
    "data_sources/:data_source_id",
    (w, p) => w.renderDataSource(w.dataSource(param(p, "data_source_id"))),
  ],
  [
    "PATCH",
    "data_sources/:data_source_id",
    (w, p, r) => w.renderDataSource(w.updateDataSource(param(p, "data_source_id"), r.body)),
  ],
  ["POST", "data_sources/:data_source_id/query", (w, p, r) => w.query(param(p, "data_source_id"), r.body)],
  ["GET", "blocks/:block_id/children", (w, p, r) => w.blockChildren(param(p, "block_id"), paging(r.query))],
  ["POST", "search", (w, _, r) => w.search(r.body)],
];

/** The answer to an API request, or a thrown `NotionFakeError`. */
export function route(workspace: Workspace, request: ApiRequest): unknown {
  for (const [method, pattern, handler] of ROUTES) {
    const params = matchPattern(pattern, request.segments);
    if (params !== undefined && method === request.method) return handler(workspace, params, request);
  }
  throw new NotionFakeError("invalid_request_url");
}

function paging(query: URLSearchParams): QueryParams {
  return {
    start_cursor: query.get("start_cursor") ?? undefined,
    page_size: query.get("page_size") ?? undefined,
  };
}
