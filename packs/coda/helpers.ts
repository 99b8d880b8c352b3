/**
 * The pack's one way to talk to Cascade's worker: the account's own worker URL (`context.endpoint`),
 * live (uncached) JSON requests, errors translated once (errors.ts), the workspace named by the token
 * (`GET /v1/me`), and paged lists for sync tables.
 */
import * as coda from "@codahq/packs-sdk";
import { dayOr } from "./dates.ts";
import { failedAnswer, unreachable, workerError } from "./errors.ts";
import type { RowContext } from "./rows.ts";
import type { Me, Page } from "./types.ts";
import { isLocalDomain, WORKER_DOMAIN } from "./worker-domain.ts";

/** Drops undefined fields: optional fields of the document and the API are absent, never undefined. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Rows per sync invocation: the worker's maximum page, far inside Coda's one-minute limit. */
export const PAGE_SIZE = 500;

/**
 * The origin of a worker URL as a user types it: scheme and host, without a path or trailing slash
 * (https when no scheme is given).
 *
 * @example endpointOrigin("https://cascade.acme.workers.dev/dashboard/") // "https://cascade.acme.workers.dev"
 */
export function endpointOrigin(endpoint: string): string {
  const match = endpoint
    .trim()
    .match(/^(?:(https?):\/\/)?((?:[a-z0-9-]+\.)*[a-z0-9-]+|\[[0-9a-f:.]+\])(:\d{1,5})?(?:[/?#]|$)/i);
  if (!match?.[2]) throw new coda.UserVisibleError(`"${endpoint}" is not the URL of a Cascade worker.`);
  return `${(match[1] ?? "https").toLowerCase()}://${match[2].toLowerCase()}${match[3] ?? ""}`;
}

/**
 * The worker this account connects to: the URL typed when connecting (`context.endpoint`). A pack
 * built for a worker on this machine (`npm run coda -- execute` against `npm start`) falls back to it,
 * because the SDK's local fetcher takes only https endpoints.
 */
export function workerOrigin(context: coda.ExecutionContext): string {
  const endpoint = context.endpoint?.trim();
  if (endpoint) return endpointOrigin(endpoint);
  if (isLocalDomain(WORKER_DOMAIN)) return `http://${WORKER_DOMAIN}`;
  const example =
    WORKER_DOMAIN === "workers.dev"
      ? "e.g. https://cascade.acme.workers.dev"
      : `a URL under ${WORKER_DOMAIN}`;
  throw new coda.UserVisibleError(
    `This Cascade account has no worker URL. Reconnect it with your Cascade worker's URL (${example}) and a workspace token.`,
  );
}

export interface WorkerRequest {
  method?: coda.FetchMethodType;
  /** Path and query below the origin, e.g. `/v1/me`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Only for answers that may be a little old (the token's workspace, titles); everything else is live. */
  cacheTtlSecs?: number;
}

/**
 * Calls the worker and returns its JSON body. Any answer ≥ 300 becomes a `UserVisibleError` carrying
 * the worker's own message; a worker that cannot be reached, one naming its URL.
 */
export async function callWorker<T>(context: coda.ExecutionContext, request: WorkerRequest): Promise<T> {
  const origin = workerOrigin(context);
  const query: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(request.query ?? {}))
    if (value !== undefined) query[name] = value;
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  let response: coda.FetchResponse<T>;
  try {
    response = await context.fetcher.fetch<T>({
      method: request.method ?? "GET",
      url: coda.withQueryParams(`${origin}${request.path}`, query),
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      cacheTtlSecs: request.cacheTtlSecs ?? 0,
    });
  } catch (error) {
    if (error instanceof coda.UserVisibleError) throw error;
    const answer = failedAnswer(error);
    if (answer !== undefined) throw workerError(answer.status, answer.body);
    throw unreachable(origin, error);
  }
  if (response.status >= 300) throw workerError(response.status, response.body);
  return response.body as T;
}

export interface Workspace {
  id: string;
  name: string;
}

/** A token's workspace never changes, so this one answer may come from Coda's cache. */
const ME_CACHE_SECS = 300;

/** The workspace the connected account's token belongs to. */
export async function workspaceOf(context: coda.ExecutionContext): Promise<Workspace> {
  const me = await callWorker<Me>(context, { path: "/v1/me", cacheTtlSecs: ME_CACHE_SECS });
  if (me.kind !== "workspace") {
    throw new coda.UserVisibleError(
      "This Cascade account uses the admin token. Connect with a workspace token instead.",
    );
  }
  return me.workspace;
}

/** Path of a workspace's resource, e.g. `/v1/workspaces/northwind/key-results`. */
export function workspacePath(workspaceId: string, ...segments: string[]): string {
  return ["/v1/workspaces", workspaceId, ...segments]
    .map((s, i) => (i === 0 ? s : encodeURIComponent(s)))
    .join("/");
}

/** A list's filters, as query parameters (undefined: not sent). */
export type ListQuery = Record<string, string | undefined>;

interface PageRequest {
  workspace: string;
  resource: string;
  cursor: string | undefined;
  query?: ListQuery;
  cacheTtlSecs?: number | undefined;
}

/** One page of one of the worker's lists: the one place that speaks its paging (`limit`, `cursor`). */
function readPage<T>(context: coda.ExecutionContext, page: PageRequest): Promise<Page<T>> {
  return callWorker<Page<T>>(context, {
    path: workspacePath(page.workspace, page.resource),
    query: { ...page.query, limit: PAGE_SIZE, cursor: page.cursor },
    ...(page.cacheTtlSecs === undefined ? {} : { cacheTtlSecs: page.cacheTtlSecs }),
  });
}

/**
 * Every item of one of the worker's lists, page after page: what references, defaults and
 * autocomplete read.
 */
export async function readList<T>(
  context: coda.ExecutionContext,
  workspace: string,
  resource: string,
  { query, cacheTtlSecs }: { query?: ListQuery; cacheTtlSecs?: number } = {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await readPage<T>(context, {
      workspace,
      resource,
      cursor,
      ...(query === undefined ? {} : { query }),
      cacheTtlSecs,
    });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

/** What a sync table carries from one page to the next (strings only, as Coda requires). */
interface ListContinuation {
  workspace: string;
  asOf: string;
  cursor: string;
  /** The list's filters as the first page fixed them, as JSON. */
  query?: string;
}

function isListContinuation(value: unknown): value is ListContinuation {
  const c = value as Partial<ListContinuation> | undefined;
  return (
    typeof c?.workspace === "string" &&
    typeof c.asOf === "string" &&
    typeof c.cursor === "string" &&
    (c.query === undefined || typeof c.query === "string")
  );
}

export interface ListPage<T> {
  items: T[];
  /** The workspace and the day the page was scored for: the same on every page of one sync. */
  workspace: string;
  asOf: string;
  continuation: coda.Continuation | undefined;
}

export interface ListOptions {
  /** Whether the list is scored for a day (`asOf`); check-ins are not. */
  scored?: boolean;
  /**
   * The list's filters, or how the first page finds them for the sync's workspace and day (a default
   * cycle is looked up then): every later page of the sync asks with the same ones.
   */
  query?: ListQuery | ((first: { workspace: string; asOf: string }) => Promise<ListQuery>);
}

/**
 * One page of a workspace's list for a sync table. The first page fixes the workspace, the day and the
 * filters, so a sync that crosses midnight still scores every row for the same day, and of the same cycle.
 */
export async function listPage<T>(
  context: coda.SyncExecutionContext,
  resource: string,
  asOf: Date | undefined,
  { scored = true, query = {} }: ListOptions = {},
): Promise<ListPage<T>> {
  const previous = context.sync.continuation;
  const state: Omit<ListContinuation, "cursor"> & { cursor: string | undefined } = isListContinuation(
    previous,
  )
    ? previous
    : { workspace: (await workspaceOf(context)).id, asOf: dayOr(asOf, context), cursor: undefined };
  const filters: ListQuery =
    state.query !== undefined
      ? (JSON.parse(state.query) as ListQuery)
      : typeof query === "function"
        ? await query({ workspace: state.workspace, asOf: state.asOf })
        : query;
  const page = await readPage<T>(context, {
    workspace: state.workspace,
    resource,
    cursor: state.cursor,
    query: { ...filters, ...(scored ? { asOf: state.asOf } : {}) },
  });
  const continuation =
    page.nextCursor === null
      ? undefined
      : {
          workspace: state.workspace,
          asOf: state.asOf,
          cursor: page.nextCursor,
          query: JSON.stringify(filters),
        };
  return { items: page.items, workspace: state.workspace, asOf: state.asOf, continuation };
}

/**
 * Titles are only display names for references (Coda shows the referenced row itself when its table
 * is in the doc), so every page of one sync may share one answer for a minute.
 */
const TITLES_CACHE_SECS = 60;

/**
 * The titles of every row of the given lists, by id (ids are unique across a cascade): what a
 * reference shows when the referenced table is not in the doc.
 */
export async function titlesOf(
  context: coda.ExecutionContext,
  workspace: string,
  resources: readonly string[],
): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  for (const resource of resources) {
    const items = await readList<{ id: string; title: string }>(context, workspace, resource, {
      cacheTtlSecs: TITLES_CACHE_SECS,
    });
    for (const item of items) titles.set(item.id, item.title);
  }
  return titles;
}

/** What rows need: links to the account's worker, and the titles their references show. */
export async function rowContext(
  context: coda.ExecutionContext,
  workspace: string,
  asOf: string | undefined,
  references: readonly string[] = [],
): Promise<RowContext> {
  const titles = references.length === 0 ? undefined : await titlesOf(context, workspace, references);
  return { origin: workerOrigin(context), asOf, ...(titles === undefined ? {} : { titles }) };
}

/**
 * A 53-bit string hash (cyrb53, public domain) with a seed. The pack runtime has no Node crypto, and
 * idempotency keys need spread, not secrecy.
 */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A deterministic `Idempotency-Key` for a write: the same parts give the same key (106 bits of hash).
 *
 * @example idempotencyKey(["check-in", "northwind", "kr-1", { date: "2026-05-04", value: 3 }])
 */
export function idempotencyKey(parts: readonly unknown[]): string {
  const text = JSON.stringify(parts);
  const hex = (n: number) => n.toString(16).padStart(14, "0");
  return `coda-${hex(cyrb53(text, 1))}${hex(cyrb53(text, 2))}`;
}

/**
 * Names a new connection after its workspace and its worker's host ("Acme Corp (cascade.acme.workers.dev)"),
 * so a doc shows which cascade it reads.
 */
export const connectionName = coda.makeMetadataFormula(async (context) => {
  const workspace = await workspaceOf(context);
  const host = workerOrigin(context).replace(/^https?:\/\//, "");
  return `${workspace.name} (${host})`;
});
