/**
 * What the pack sends to the worker and how it reads the answers, with the SDK's mock execution
 * contexts: every request is recorded and answered by a small fake of the worker's API.
 */
import * as coda from "@codahq/packs-sdk";
import {
  executeFormulaFromPackDef,
  executeSyncFormulaFromPackDef,
  newJsonFetchResponse,
  newMockExecutionContext,
  newMockSyncExecutionContext,
} from "@codahq/packs-sdk/dist/development";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, ERROR_STATUS } from "../../worker/error-codes.ts";
import { workerError } from "./errors.ts";
import { connectionName } from "./helpers.ts";
import { pack } from "./pack.ts";
import type { KeyResultRow } from "./types.ts";

const ORIGIN = "http://localhost:8787";
const at = (day: string) => new Date(`${day}T12:00:00Z`);

type Answer = { status?: number; body: unknown };
type Route = (url: URL, request: coda.FetchRequest) => Answer | undefined;

/** Answers like the worker: 2xx as responses, ≥ 300 thrown as StatusCodeError (as Coda's fetcher does). */
function fakeWorker<
  T extends { fetcher: { fetch: ReturnType<typeof newMockExecutionContext>["fetcher"]["fetch"] } },
>(context: T, route: Route) {
  const requests: coda.FetchRequest[] = [];
  context.fetcher.fetch.callsFake(async (request: coda.FetchRequest) => {
    requests.push(request);
    const url = new URL(request.url);
    const answer =
      url.pathname === "/v1/me"
        ? { body: { kind: "workspace", workspace: { id: "acme", name: "Acme Corp" } } }
        : route(url, request);
    if (!answer)
      throw new coda.StatusCodeError(
        404,
        { error: { code: "not_found", message: "no such route" } },
        request,
        { body: "", headers: {} },
      );
    const status = answer.status ?? 200;
    if (status >= 300)
      throw new coda.StatusCodeError(status, answer.body, request, { body: answer.body, headers: {} });
    return newJsonFetchResponse(answer.body, status);
  });
  return requests;
}

function keyResult(id: string, fields: Partial<KeyResultRow> = {}): KeyResultRow {
  return {
    id,
    objectiveId: "obj-1",
    title: `Key result ${id}`,
    kind: "increase",
    start: 0,
    target: 100,
    version: 7,
    current: 40,
    attainment: 0.4,
    progress: 0.4,
    expected: 0.5,
    status: "at_risk",
    forecast: { value: 85, progress: 0.85 },
    ...fields,
  } as KeyResultRow;
}

describe("sync tables", () => {
  it("KeyResults pages through the worker with its cursor, live, every page scored for the same day", async () => {
    const context = newMockSyncExecutionContext();
    const requests = fakeWorker(context, (url) => {
      if (url.pathname !== "/v1/workspaces/acme/key-results") return undefined;
      return url.searchParams.get("cursor") === null
        ? { body: { items: [keyResult("kr-1")], nextCursor: "kr-1" } }
        : { body: { items: [keyResult("kr-2", { status: "on_track", progress: 0.6 })], nextCursor: null } };
    });
    const rows = await executeSyncFormulaFromPackDef(pack, "KeyResults", [at("2026-11-20")], context);

    expect(rows.map((r) => [r.Id, r.Status, r.Progress])).toEqual([
      ["kr-1", "At risk", 0.4],
      ["kr-2", "On track", 0.6],
    ]);
    expect(rows[0]?.Objective).toMatchObject({ Id: "obj-1" });
    expect(rows[0]?.Pace).toBeCloseTo(0.8);
    const lists = requests.filter((r) => r.url.includes("/key-results"));
    expect(lists).toHaveLength(2);
    for (const request of lists) {
      const url = new URL(request.url);
      expect(url.origin).toBe(ORIGIN);
      expect(request.method).toBe("GET");
      expect(request.cacheTtlSecs).toBe(0);
      expect(url.searchParams.get("asOf")).toBe("2026-11-20");
      expect(url.searchParams.get("limit")).toBe("500");
    }
    expect(new URL(lists[1]?.url ?? "").searchParams.get("cursor")).toBe("kr-1");
  });

  it.each([
    ["Imperatives", "imperatives", { id: "imp-1", title: "Win", score: 0.5 }],
    ["Goals", "goals", { id: "g-1", title: "Grow", imperativeId: "imp-1", year: 2026, score: 0.5 }],
    [
      "Objectives",
      "objectives",
      {
        id: "o-1",
        title: "Sell",
        cycleId: "q4",
        score: 0.5,
        expected: 0.5,
        status: "on_track",
        grade: "yellow",
      },
    ],
    ["Alerts", "alerts", { code: "off_track", severity: "high", subject: "kr-1", message: "is off track" }],
  ])("%s reads /v1/workspaces/{ws}/%s", async (table, resource, item) => {
    const context = newMockSyncExecutionContext();
    const requests = fakeWorker(context, (url) =>
      url.pathname === `/v1/workspaces/acme/${resource}`
        ? { body: { items: [item], nextCursor: null } }
        : undefined,
    );
    const rows = await executeSyncFormulaFromPackDef(pack, table, [at("2026-11-20")], context);
    expect(rows).toHaveLength(1);
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual([
      "/v1/me",
      `/v1/workspaces/acme/${resource}`,
    ]);
  });

  it("CheckIns asks for one key result's check-ins without a day (they are not scored)", async () => {
    const context = newMockSyncExecutionContext();
    const requests = fakeWorker(context, (url) =>
      url.pathname === "/v1/workspaces/acme/check-ins"
        ? {
            body: {
              items: [{ id: "12", keyResultId: "kr-1", date: "2026-11-02", value: 40, confidence: 6 }],
              nextCursor: null,
            },
          }
        : undefined,
    );
    const rows = await executeSyncFormulaFromPackDef(pack, "CheckIns", ["kr-1"], context);
    expect(rows[0]).toMatchObject({ Id: "12", Value: 40, Confidence: 6, KeyResult: { Id: "kr-1" } });
    const url = new URL(requests[1]?.url ?? "");
    expect(url.searchParams.get("keyResultId")).toBe("kr-1");
    expect(url.searchParams.has("asOf")).toBe(false);
  });

  it("Agenda reads the weekly agenda and ranks its items", async () => {
    const context = newMockSyncExecutionContext();
    fakeWorker(context, (url) =>
      url.pathname === "/v1/workspaces/acme/agenda"
        ? {
            body: {
              asOf: "2026-11-20",
              organization: "Acme",
              items: [
                {
                  kind: "blocking_off_track",
                  subject: "kr-1",
                  title: "Activation",
                  owner: "Ana",
                  why: "Blocks two.",
                  also: ["off_track"],
                },
                { kind: "health_red", subject: "hm-1", title: "Uptime", owner: null, why: "Red.", also: [] },
              ],
            },
          }
        : undefined,
    );
    const rows = await executeSyncFormulaFromPackDef(pack, "Agenda", [at("2026-11-20")], context);
    expect(rows.map((r) => [r.Rank, r.Subject, r.Kind, r.Also])).toEqual([
      [1, "kr-1", "Blocking off track", "Off track"],
      [2, "hm-1", "Health red", undefined],
    ]);
    expect(rows[0]?.KeyResult).toMatchObject({ Id: "kr-1" });
    expect(rows[1]?.KeyResult).toBeUndefined();
  });
});

describe("buttons", () => {
  function checkInWorker(context: ReturnType<typeof newMockExecutionContext>) {
    return fakeWorker(context, (url, request) =>
      url.pathname === "/v1/workspaces/acme/key-results/kr-1/check-ins" && request.method === "POST"
        ? {
            status: 201,
            body: {
              checkIn: { id: "99", keyResultId: "kr-1", date: "2026-11-20" },
              keyResult: keyResult("kr-1", { version: 8, current: 55 }),
            },
          }
        : undefined,
    );
  }

  it("CheckIn posts the check-in with an idempotency key and answers with the key result's new row", async () => {
    const context = newMockExecutionContext();
    const requests = checkInWorker(context);
    const row = await executeFormulaFromPackDef(
      pack,
      "CheckIn",
      ["kr-1", 55, 7, "Two deals closed", at("2026-11-20"), 7],
      context,
    );
    expect(row).toMatchObject({ Id: "kr-1", Current: 55, Version: 8 });
    const post = requests.find((r) => r.method === "POST");
    expect(post).toBeDefined();
    expect(new URL(post?.url ?? "").pathname).toBe("/v1/workspaces/acme/key-results/kr-1/check-ins");
    expect(post?.headers?.["Content-Type"]).toBe("application/json");
    expect(post?.headers?.["Idempotency-Key"]).toMatch(/^coda-[0-9a-f]{28}$/);
    expect(JSON.parse(String(post?.body))).toEqual({
      date: "2026-11-20",
      value: 55,
      confidence: 7,
      note: "Two deals closed",
      source: "coda",
    });
  });

  it("a double-click sends the same idempotency key; a new row version or value, another one", async () => {
    const keys: string[] = [];
    for (const params of [
      ["kr-1", 55, 7, "n", at("2026-11-20"), 7],
      ["kr-1", 55, 7, "n", at("2026-11-20"), 7],
      ["kr-1", 55, 7, "n", at("2026-11-20"), 8],
      ["kr-1", 56, 7, "n", at("2026-11-20"), 7],
    ]) {
      const context = newMockExecutionContext();
      const requests = checkInWorker(context);
      await executeFormulaFromPackDef(pack, "CheckIn", params as never, context);
      keys.push(String(requests.find((r) => r.method === "POST")?.headers?.["Idempotency-Key"]));
    }
    expect(keys[0]).toBe(keys[1]);
    expect(new Set(keys).size).toBe(3);
  });

  it("SetConfidence posts a check-in with a confidence and no value", async () => {
    const context = newMockExecutionContext();
    const requests = checkInWorker(context);
    await executeFormulaFromPackDef(
      pack,
      "SetConfidence",
      ["kr-1", 3, undefined, at("2026-11-20")] as never,
      context,
    );
    expect(JSON.parse(String(requests.find((r) => r.method === "POST")?.body))).toEqual({
      date: "2026-11-20",
      confidence: 3,
      source: "coda",
    });
  });

  it("MarkMilestoneDone patches the milestones with If-Match of the row's version", async () => {
    const context = newMockExecutionContext();
    const milestones = [
      { title: "Design", done: true },
      { title: "Launch", done: false },
    ];
    const requests = fakeWorker(context, (url, request) => {
      if (url.pathname !== "/v1/workspaces/acme/key-results/kr-m") return undefined;
      const current = keyResult("kr-m", {
        kind: "milestone",
        milestones,
        start: undefined,
        target: undefined,
      });
      if (request.method === "GET") return { body: current };
      return { body: { ...current, milestones: JSON.parse(String(request.body)).milestones, version: 12 } };
    });
    const row = await executeFormulaFromPackDef(
      pack,
      "MarkMilestoneDone",
      ["kr-m", "launch", true, 11],
      context,
    );
    const patch = requests.find((r) => r.method === "PATCH");
    expect(patch?.headers?.["If-Match"]).toBe('"11"');
    expect(JSON.parse(String(patch?.body))).toEqual({
      milestones: [
        { title: "Design", done: true },
        { title: "Launch", done: true },
      ],
    });
    expect(row).toMatchObject({ Version: 12 });
  });
});

describe("the worker's errors become sentences", () => {
  const cases: Array<[number, unknown, string]> = [
    [
      400,
      {
        error: {
          code: "invalid_request",
          message: "invalid",
          issues: [{ path: "confidence", message: "expected a confidence from 0 to 10" }],
        },
      },
      "Cascade rejected the request: confidence: expected a confidence from 0 to 10.",
    ],
    [
      401,
      { error: { code: "unauthorized", message: "the token is unknown or revoked" } },
      "Reconnect the Cascade account",
    ],
    [
      404,
      { error: { code: "not_found", message: "key result not found" } },
      "Not found in Cascade: key result not found.",
    ],
    [
      409,
      { error: { code: "conflict", message: "changed meanwhile" } },
      "Someone changed this in Cascade at the same moment",
    ],
    [
      409,
      { error: { code: "idempotency_key_reused", message: "reused" } },
      "already recorded a different request",
    ],
    [
      412,
      { error: { code: "precondition_failed", message: "the key result is at version 9" } },
      "changed in Cascade since this doc read it",
    ],
    [
      413,
      { error: { code: "payload_too_large", message: "the body exceeds 65536 bytes" } },
      "Shorten the note",
    ],
    [
      403,
      { error: { code: "forbidden", message: "this needs the admin token" } },
      "This Cascade token may not do that",
    ],
    [
      415,
      { error: { code: "unsupported_media_type", message: "send JSON" } },
      "Cascade could not read the request",
    ],
    [429, { error: { code: "rate_limited", message: "slow down" } }, "Cascade is busy right now"],
    [500, { error: { code: "internal", message: "internal error" } }, "Cascade's worker failed (HTTP 500)"],
    [503, "<html>Service Unavailable</html>", "Cascade's worker failed (HTTP 503)"],
  ];

  it.each(cases)("HTTP %i", async (status, body, message) => {
    const context = newMockExecutionContext();
    fakeWorker(context, () => ({ status, body }));
    const checkIn = pack.formulas.find((f) => f.name === "CheckIn");
    const error = await Promise.resolve()
      .then(() => checkIn?.execute(["kr-1", 5, undefined, undefined, at("2026-11-20"), 1] as never, context))
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error).toBeInstanceOf(coda.UserVisibleError);
    expect(error?.message).toContain(message);
  });

  it.each(ERROR_CODES)("has a sentence of its own for the API's error code %s", (code) => {
    const error = workerError(ERROR_STATUS[code], { error: { code, message: "what went wrong" } });
    expect(error).toBeInstanceOf(coda.UserVisibleError);
    expect(error.message).not.toContain("Cascade answered HTTP");
  });

  it("explains an answer without a code we know by its status", () => {
    expect(workerError(404, "<html>Not Found</html>").message).toBe(
      "Not found in Cascade: HTTP 404. Sync the tables to see what exists now.",
    );
    expect(workerError(409, { error: { code: "from_a_newer_worker", message: "busy" } }).message).toContain(
      "Someone changed this in Cascade at the same moment (busy)",
    );
    expect(workerError(418, { error: { code: "teapot", message: "short and stout" } }).message).toBe(
      "Cascade answered HTTP 418: short and stout.",
    );
  });

  it("names the connection after the token's workspace and refuses the admin token", async () => {
    const context = newMockExecutionContext();
    fakeWorker(context, () => undefined);
    expect(await connectionName.execute([] as never, context)).toBe("Acme Corp");

    const admin = newMockExecutionContext();
    admin.fetcher.fetch.resolves(newJsonFetchResponse({ kind: "admin" }));
    await expect(Promise.resolve().then(() => connectionName.execute([] as never, admin))).rejects.toThrow(
      "Connect with a workspace token instead",
    );
  });
});
