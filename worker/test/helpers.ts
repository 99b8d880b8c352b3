/** Test helpers: drive the real worker (SELF) with tokens, and a few documents. */
import { SELF } from "cloudflare:test";
import northwindJson from "../../examples/northwind.json";
import type { CascadeDocument } from "../../schema/document.ts";

export const ADMIN = "test-admin-token";

/** A fresh deep copy of the Northwind example, safe to mutate. */
export function northwind(): CascadeDocument {
  return structuredClone(northwindJson) as CascadeDocument;
}

/** A small valid cascade: one cycle, imperative, goal, objective and three key results. */
export function tinyCascade(organization = "Tiny"): CascadeDocument {
  return {
    version: 1,
    organization,
    cycles: [{ id: "q1", start: "2026-01-01", end: "2026-03-31" }],
    imperatives: [{ id: "imp", title: "Win" }],
    goals: [{ id: "goal", title: "Grow", imperativeId: "imp", year: 2026 }],
    objectives: [{ id: "obj", title: "Sell more", cycleId: "q1", goalId: "goal" }],
    keyResults: [
      { id: "kr-a", objectiveId: "obj", title: "A", kind: "increase", start: 0, target: 100 },
      { id: "kr-b", objectiveId: "obj", title: "B", kind: "decrease", start: 50, target: 10, checkIns: [] },
      {
        id: "kr-c",
        objectiveId: "obj",
        title: "C",
        kind: "milestone",
        milestones: [
          { title: "one", done: true },
          { title: "two", done: false, weight: 3 },
        ],
      },
    ],
  };
}

export interface CallOptions {
  method?: string;
  token?: string | null;
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Calls the worker; `token` defaults to the admin token, null sends none. */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? ADMIN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  return SELF.fetch(`http://cascade.test${path}`, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    ...(body === undefined ? {} : { body }),
  });
}

/** Calls and parses JSON (`null` for an empty body). */
// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
export async function callJson<T = any>(path: string, options: CallOptions = {}) {
  const response = await call(path, options);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** Creates a workspace and returns its token. */
export async function newWorkspace(id: string, name = id): Promise<string> {
  const { status, body } = await callJson("/v1/workspaces", { body: { id, name } });
  if (status !== 201) throw new Error(`creating ${id}: ${status} ${JSON.stringify(body)}`);
  return body.token as string;
}

/** Creates a workspace holding `doc` and returns its token. */
export async function workspaceWith(id: string, doc: CascadeDocument): Promise<string> {
  const token = await newWorkspace(id);
  const put = await callJson(`/v1/workspaces/${id}/cascade`, { method: "PUT", body: doc, token });
  if (put.status !== 200) throw new Error(`storing ${id}: ${put.status} ${JSON.stringify(put.body)}`);
  return token;
}
