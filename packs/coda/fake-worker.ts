/**
 * A fake of Cascade's worker for the pack's tests, behind the SDK's mock fetcher: it records every
 * request, answers `/v1/me` (workspace `acme`) and the titles lookups of references, hands the rest to
 * the test's routes, and throws answers ≥ 400 as `StatusCodeError`s shaped as Coda's fetcher throws
 * them (parsed body in `body`, raw body in `response.body`). Not part of the pack: pack.ts never
 * imports it.
 */
import * as coda from "@codahq/packs-sdk";
import { newJsonFetchResponse, type newMockExecutionContext } from "@codahq/packs-sdk/dist/development";
import type { KeyResultRow } from "./types.ts";

/** The worker URL the account was connected with, as a user might type it (with a trailing slash). */
export const ENDPOINT = "https://cascade.acme.workers.dev/";
export const ORIGIN = "https://cascade.acme.workers.dev";

/** The titles every list answers with when a table looks up what its references show. */
export const TITLES: Record<string, Array<{ id: string; title: string }>> = {
  imperatives: [{ id: "imp-1", title: "Win the mid-market" }],
  goals: [{ id: "g-1", title: "Reach 400 mid-market customers" }],
  objectives: [
    { id: "obj-1", title: "Land mid-market logos" },
    { id: "obj-sales", title: "Sell to the mid-market" },
  ],
  "key-results": [
    { id: "kr-1", title: "Activation rate" },
    { id: "kr-new-logos", title: "New mid-market logos" },
  ],
  cycles: [
    { id: "2026-Q3", title: "Q3 2026" },
    { id: "2026-Q4", title: "Q4 2026" },
  ],
  initiatives: [
    { id: "ini-failover", title: "Multi-region failover" },
    { id: "ini-analytics", title: "Usage analytics v2" },
  ],
};

export type Answer = { status?: number; body: unknown };
export type Route = (url: URL, request: coda.FetchRequest) => Answer | undefined;

type MockContext = { fetcher: { fetch: ReturnType<typeof newMockExecutionContext>["fetcher"]["fetch"] } };

/** Answers like the worker: 2xx as responses, ≥ 400 thrown as `StatusCodeError` (as Coda's fetcher does). */
export function fakeWorker(context: MockContext, route: Route): coda.FetchRequest[] {
  const requests: coda.FetchRequest[] = [];
  context.fetcher.fetch.callsFake(async (request: coda.FetchRequest) => {
    requests.push(request);
    const answer = answerOf(new URL(request.url), request, route);
    const status = answer?.status ?? 200;
    const body = answer?.body ?? { error: { code: "not_found", message: "no such route" } };
    if (answer === undefined || status >= 400) {
      throw new coda.StatusCodeError(answer === undefined ? 404 : status, body, request, {
        body: typeof body === "string" ? body : JSON.stringify(body),
        headers: {},
      });
    }
    return newJsonFetchResponse(body, status);
  });
  return requests;
}

function answerOf(url: URL, request: coda.FetchRequest, route: Route): Answer | undefined {
  if (url.pathname === "/v1/me")
    return { body: { kind: "workspace", workspace: { id: "acme", name: "Acme Corp" } } };
  const list = url.pathname.match(/^\/v1\/workspaces\/acme\/([a-z-]+)$/)?.[1];
  const titles = list === undefined ? undefined : TITLES[list];
  // Titles lookups read a whole list without a day; the tables' own reads are scored for one.
  if (titles !== undefined && !url.searchParams.has("asOf") && request.method === "GET")
    return { body: { items: titles, nextCursor: null } };
  return route(url, request);
}

/** Whether a request is a titles lookup (`fakeWorker` answers those itself). */
export const isTitlesLookup = (request: coda.FetchRequest) => {
  const url = new URL(request.url);
  return request.cacheTtlSecs === 60 && !url.searchParams.has("asOf") && url.pathname !== "/v1/me";
};

/** A key result as the worker lists it. */
export function keyResult(id: string, fields: Partial<KeyResultRow> = {}): KeyResultRow {
  return {
    id,
    objectiveId: "obj-1",
    title: `Key result ${id}`,
    kind: "increase",
    start: 0,
    target: 100,
    version: 7,
    current: 40,
    confidence: null,
    attainment: 0.4,
    progress: 0.4,
    expected: 0.5,
    status: "at_risk",
    forecast: { value: 85, progress: 0.85 },
    ...fields,
  } as KeyResultRow;
}

/** The key results the buttons' examples press (formulas/actions.ts shows the rows they answer with). */
const exampleKeyResult = {
  objectiveId: "obj-sales",
  owner: "Dana Okafor <dana@acme.com>",
  expected: 0.5,
  forecast: null,
};
const newLogosAfterCheckIn = keyResult("kr-new-logos", {
  ...exampleKeyResult,
  title: "New mid-market logos",
  current: 41,
  confidence: 7,
  attainment: 0.41,
  progress: 0.41,
  version: 8,
});
const launchMilestones = [
  { title: "Design", done: true },
  { title: "Beta", done: false },
  { title: "Pilot", done: false },
  { title: "GA", done: false },
];
const launch = keyResult("kr-launch", {
  ...exampleKeyResult,
  title: "Launch the partner portal",
  kind: "milestone",
  start: undefined,
  target: undefined,
  milestones: launchMilestones,
  current: null,
  attainment: 0.25,
  progress: 0.25,
  status: "at_risk",
  version: 11,
});

/** Answers what the buttons' examples ask: a check-in on kr-new-logos, a milestone of kr-launch. */
export const exampleRoutes: Route = (url, request) => {
  const path = url.pathname.replace("/v1/workspaces/acme/key-results/", "");
  if (path === "kr-new-logos/check-ins" && request.method === "POST") {
    const checkIn = { id: "99", keyResultId: "kr-new-logos", ...JSON.parse(String(request.body)) };
    return { status: 201, body: { checkIn, keyResult: newLogosAfterCheckIn } };
  }
  if (path === "kr-launch" && request.method === "GET") return { body: launch };
  if (path === "kr-launch" && request.method === "PATCH" && request.headers?.["If-Match"] === '"11"') {
    const { milestones } = JSON.parse(String(request.body)) as { milestones: typeof launchMilestones };
    const share = milestones.filter((m) => m.done).length / milestones.length;
    const status = share >= 0.5 ? "on_track" : "at_risk";
    return { body: { ...launch, milestones, attainment: share, progress: share, status, version: 12 } };
  }
  if (path === "kr-bound" && request.method === "PATCH" && request.headers?.["If-Match"] === '"7"') {
    const { source } = JSON.parse(String(request.body)) as { source: Record<string, unknown> };
    // The worker's answer: the key result with its new source, at a new version.
    return {
      body: keyResult("kr-bound", {
        title: "Qualified pipeline",
        source,
        version: 8,
      } as Partial<KeyResultRow>),
    };
  }
  return undefined;
};

/** A check-in as the fake keeps it (worker/schemas.ts CheckInItem, without its author). */
export interface StoredCheckIn {
  id: string;
  keyResultId: string;
  date: string;
  value?: number;
  confidence?: number;
  note?: string;
  source?: string;
}

/** What a `keyResultStore` holds: key results by id, their check-ins, the answers to idempotent posts. */
export interface KeyResultStore {
  keyResults: Record<string, KeyResultRow>;
  checkIns: StoredCheckIn[];
  receipts: Map<string, { body: string; answer: unknown }>;
}

/** A store of these key results, with no check-in yet. */
export function keyResultStore(keyResults: Record<string, KeyResultRow>): KeyResultStore {
  return { keyResults, checkIns: [], receipts: new Map() };
}

const precondition = (version: number) => ({
  status: 412,
  body: { error: { code: "precondition_failed", message: `the key result is at version ${version}` } },
});

/**
 * The worker's key result routes over a store in memory, as worker/routes/key-results.ts answers them:
 * GET; PATCH (If-Match must name the stored version, else 412; null removes a field); POST check-ins
 * (no If-Match; a new version; the check-in becomes the latest, so `current` and `confidence` follow
 * it; an Idempotency-Key already used answers as the first post did, with another body 409); and the
 * check-ins list by key result and days.
 */
export function keyResultRoutes(store: KeyResultStore): Route {
  return (url, request) => {
    if (url.pathname === "/v1/workspaces/acme/check-ins" && request.method === "GET") {
      const q = (name: string) => url.searchParams.get(name);
      const items = store.checkIns.filter(
        (c) =>
          (q("keyResultId") === null || c.keyResultId === q("keyResultId")) &&
          (q("from") === null || c.date >= String(q("from"))) &&
          (q("to") === null || c.date <= String(q("to"))),
      );
      return { body: { items, nextCursor: null } };
    }
    const [id, sub] = url.pathname
      .replace("/v1/workspaces/acme/key-results/", "")
      .split("/")
      .map(decodeURIComponent);
    const current = id === undefined ? undefined : store.keyResults[id];
    if (id === undefined || current === undefined) return undefined;
    if (sub === "check-ins" && request.method === "POST") return postCheckIn(store, id, request);
    if (sub !== undefined) return undefined;
    if (request.method === "GET") return { body: current };
    if (request.method !== "PATCH") return undefined;
    if (request.headers?.["If-Match"] !== `"${current.version}"`) return precondition(current.version);
    const patch = JSON.parse(String(request.body)) as Record<string, unknown>;
    const next = { ...current, version: current.version + 1 } as Record<string, unknown>;
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) delete next[field];
      else next[field] = value;
    }
    store.keyResults[id] = next as KeyResultRow;
    return { body: next };
  };
}

function postCheckIn(store: KeyResultStore, id: string, request: coda.FetchRequest): Answer {
  const body = String(request.body);
  const key = request.headers?.["Idempotency-Key"];
  const receipt = key === undefined ? undefined : store.receipts.get(key);
  if (receipt !== undefined) {
    if (receipt.body === body) return { status: 201, body: receipt.answer };
    const message = "this Idempotency-Key was used for another request";
    return { status: 409, body: { error: { code: "idempotency_key_reused", message } } };
  }
  const posted = JSON.parse(body) as Omit<StoredCheckIn, "id" | "keyResultId">;
  const checkIn = { id: String(store.checkIns.length + 1), keyResultId: id, ...posted };
  store.checkIns.push(checkIn);
  const current = store.keyResults[id] as KeyResultRow;
  const keyResult = {
    ...current,
    version: current.version + 1,
    current: posted.value ?? current.current,
    confidence: posted.confidence ?? null,
  };
  store.keyResults[id] = keyResult;
  const answer = { checkIn: { ...checkIn, author: null, recordedAt: null }, keyResult };
  if (key !== undefined) store.receipts.set(key, { body, answer });
  return { status: 201, body: answer };
}
