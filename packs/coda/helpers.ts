/**
 * The pack's one way to talk to Cascade's worker: live (uncached) JSON requests, errors translated
 * once (errors.ts), the workspace named by the token (`GET /v1/me`), and paged lists for sync tables.
 */
import * as coda from "@codahq/packs-sdk";
import { dayOr } from "./dates.ts";
import { workerError } from "./errors.ts";
import type { Me, Page } from "./types.ts";
import { WORKER_DOMAIN } from "./worker-domain.ts";

/** Drops undefined fields: optional fields of the document and the API are absent, never undefined. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Rows per sync invocation: the worker's maximum page, far inside Coda's one-minute limit. */
export const PAGE_SIZE = 500;

/**
 * The worker's origin: http for a worker on this machine (`wrangler dev`), https anywhere else.
 *
 * @example workerOrigin("localhost:8787") // "http://localhost:8787"
 */
export function workerOrigin(domain: string = WORKER_DOMAIN): string {
  const host = domain.replace(/:\d+$/, "");
  const local = host === "localhost" || host === "127.0.0.1";
  return `${local ? "http" : "https"}://${domain}`;
}

export interface WorkerRequest {
  method?: coda.FetchMethodType;
  /** Path and query below the origin, e.g. `/v1/me`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Only for answers that never change (the token's workspace); everything else is live. */
  cacheTtlSecs?: number;
}

/** Calls the worker and returns its JSON body; any answer ≥ 300 becomes a `UserVisibleError`. */
export async function callWorker<T>(context: coda.ExecutionContext, request: WorkerRequest): Promise<T> {
  const query: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(request.query ?? {}))
    if (value !== undefined) query[name] = value;
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  let response: coda.FetchResponse<T>;
  try {
    response = await context.fetcher.fetch<T>({
      method: request.method ?? "GET",
      url: coda.withQueryParams(`${workerOrigin()}${request.path}`, query),
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      cacheTtlSecs: request.cacheTtlSecs ?? 0,
    });
  } catch (error) {
    if (coda.StatusCodeError.isStatusCodeError(error)) throw workerError(error.statusCode, error.body);
    throw error;
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

/** What a sync table carries from one page to the next (strings only, as Coda requires). */
interface ListContinuation {
  workspace: string;
  asOf: string;
  cursor: string;
}

function isListContinuation(value: unknown): value is ListContinuation {
  const c = value as Partial<ListContinuation> | undefined;
  return typeof c?.workspace === "string" && typeof c.asOf === "string" && typeof c.cursor === "string";
}

export interface ListPage<T> {
  items: T[];
  /** The day the page was scored for: the same on every page of one sync. */
  asOf: string;
  continuation: coda.Continuation | undefined;
}

/**
 * One page of a workspace's list for a sync table. The first page fixes the workspace and the day,
 * so a sync that crosses midnight still scores every row for the same day.
 */
export async function listPage<T>(
  context: coda.SyncExecutionContext,
  resource: string,
  asOf: Date | undefined,
  { scored = true, query = {} }: { scored?: boolean; query?: Record<string, string | undefined> } = {},
): Promise<ListPage<T>> {
  const previous = context.sync.continuation;
  const state = isListContinuation(previous)
    ? previous
    : { workspace: (await workspaceOf(context)).id, asOf: dayOr(asOf, context), cursor: undefined };
  const page = await callWorker<Page<T>>(context, {
    path: workspacePath(state.workspace, resource),
    query: { ...query, limit: PAGE_SIZE, cursor: state.cursor, ...(scored ? { asOf: state.asOf } : {}) },
  });
  const continuation =
    page.nextCursor === null
      ? undefined
      : { workspace: state.workspace, asOf: state.asOf, cursor: page.nextCursor };
  return { items: page.items, asOf: state.asOf, continuation };
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

/** Names a new connection after its workspace, so a doc shows which cascade it reads. */
export const connectionName = coda.makeMetadataFormula(async (context) => (await workspaceOf(context)).name);
