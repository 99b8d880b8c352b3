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
import { daysBefore, isoDay } from "./dates.ts";
import { workerError } from "./errors.ts";
import { ENDPOINT, fakeWorker, isTitlesLookup, keyResult, ORIGIN } from "./fake-worker.ts";
import { connectionName } from "./helpers.ts";
import { pack } from "./pack.ts";
import { Goals } from "./sync-tables/tables.ts";

const at = (day: string) => new Date(`${day}T12:00:00Z`);

/** Execution contexts of an account connected to ENDPOINT, as Coda makes them. */
const formulaContext = () => newMockExecutionContext({ endpoint: ENDPOINT });
const syncContext = () => newMockSyncExecutionContext({ endpoint: ENDPOINT });

/** The requests a table made for its own rows (not the titles of what it references). */
const ownRequests = (requests: coda.FetchRequest[]) => requests.filter((r) => !isTitlesLookup(r));

describe("one pack connects to any Cascade worker", () => {
  it("asks each account for its worker's URL, under the build's domain", () => {
    expect(pack.networkDomains).toEqual(["workers.dev"]);
    expect(pack.defaultAuthentication).toMatchObject({
      type: coda.AuthenticationType.HeaderBearerToken,
      requiresEndpointUrl: true,
      endpointDomain: "workers.dev",
    });
  });

  it("sends every request to the account's own worker", async () => {
    for (const [endpoint, origin] of [
      ["https://okr.northwind.workers.dev", "https://okr.northwind.workers.dev"],
      ["https://Cascade.Beta.workers.dev/dashboard/", "https://cascade.beta.workers.dev"],
    ]) {
      const context = newMockSyncExecutionContext({ endpoint });
      const requests = fakeWorker(context, (url) =>
        url.pathname === "/v1/workspaces/acme/goals" ? { body: { items: [], nextCursor: null } } : undefined,
      );
      await executeSyncFormulaFromPackDef(pack, "Goals", [at("2026-11-20")], context);
      expect(requests.length).toBeGreaterThan(1);
      expect(new Set(requests.map((r) => new URL(r.url).origin))).toEqual(new Set([origin]));
    }
  });

  it("asks to reconnect an account without a worker URL", async () => {
    const context = newMockSyncExecutionContext();
    const error = await Goals.getter.execute([at("2026-11-20")] as never, context).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(coda.UserVisibleError);
    expect(error?.message).toContain("This Cascade account has no worker URL. Reconnect it");
    expect(context.fetcher.fetch.called).toBe(false);
  });

  it("names the URL of a worker it cannot reach", async () => {
    const context = formulaContext();
    context.fetcher.fetch.rejects(new TypeError("getaddrinfo ENOTFOUND cascade.acme.workers.dev"));
    const error = await Promise.resolve()
      .then(() => connectionName.execute([] as never, context))
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error).toBeInstanceOf(coda.UserVisibleError);
    expect(error?.message).toBe(
      "Could not reach Cascade at https://cascade.acme.workers.dev (getaddrinfo ENOTFOUND cascade.acme.workers.dev). " +
        "Check the worker URL this Cascade account was connected with.",
    );
  });
});

describe("sync tables", () => {
  it("KeyResults pages through the worker with its cursor, live, every page scored for the same day", async () => {
    const context = syncContext();
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
    expect(rows[0]?.Objective).toEqual({ Id: "obj-1", Title: "Land mid-market logos" });
    expect(rows[0]?.Pace).toBeCloseTo(0.8);
    const lists = ownRequests(requests).filter((r) => r.url.includes("/key-results"));
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
    const context = syncContext();
    const requests = fakeWorker(context, (url) =>
      url.pathname === `/v1/workspaces/acme/${resource}`
        ? { body: { items: [item], nextCursor: null } }
        : undefined,
    );
    const rows = await executeSyncFormulaFromPackDef(pack, table, [at("2026-11-20")], context);
    expect(rows).toHaveLength(1);
    expect(ownRequests(requests).map((r) => new URL(r.url).pathname)).toEqual([
      "/v1/me",
      `/v1/workspaces/acme/${resource}`,
    ]);
  });

  it("CheckIns asks for one key result's check-ins of the last 90 days, without a day to score for", async () => {
    const context = syncContext();
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
    expect(rows[0]).toMatchObject({
      Id: "12",
      Value: 40,
      Confidence: 6,
      KeyResult: { Id: "kr-1", Title: "Activation rate" },
    });
    const url = new URL(ownRequests(requests)[1]?.url ?? "");
    // Check-ins are not scored: no asOf; the window reaches 90 days back from today in the doc's timezone.
    const today = isoDay(new Date(), context.timezone);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      keyResultId: "kr-1",
      from: daysBefore(today, 89),
      limit: "500",
    });
  });

  it("Agenda reads the weekly agenda and ranks its items", async () => {
    const context = syncContext();
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

describe("alert rows keep their identity from day to day", () => {
  const offTrack = (message: string) => ({ code: "off_track", severity: "high", subject: "kr-1", message });

  async function syncAlerts(day: string, items: unknown[]) {
    const context = syncContext();
    fakeWorker(context, (url) =>
      url.pathname === "/v1/workspaces/acme/alerts" && url.searchParams.get("asOf") === day
        ? { body: { items, nextCursor: null } }
        : undefined,
    );
    return executeSyncFormulaFromPackDef(pack, "Alerts", [at(day)], context);
  }

  it("gives an alert the same row id on another day, though its message quotes other numbers", async () => {
    const monday = await syncAlerts("2026-11-16", [offTrack("Progress 20% against 45% expected")]);
    const tuesday = await syncAlerts("2026-11-17", [offTrack("Progress 21% against 46% expected")]);
    expect(monday[0]?.Message).not.toBe(tuesday[0]?.Message);
    expect(monday[0]?.Id).toBe("kr-1|off_track");
    expect(tuesday[0]?.Id).toBe(monday[0]?.Id);
  });

  it("tells apart a subject's different alerts, and one pair raised twice (a duplicate id)", async () => {
    const rows = await syncAlerts("2026-11-16", [
      offTrack("first"),
      offTrack("second"),
      { code: "low_confidence", severity: "medium", subject: "kr-1", message: "confidence 2" },
    ]);
    expect(rows.map((r) => r.Id)).toEqual(["kr-1|off_track", "kr-1|off_track|2", "kr-1|low_confidence"]);
  });
});

describe("the tables look like Coda's own", () => {
  const table = (name: string) => {
    const found = pack.syncTables.find((t) => t.name === name);
    if (found === undefined) throw new Error(`no table ${name}`);
    return found.schema.properties as Record<string, Record<string, unknown>>;
  };

  it("draws progress and scores as bars, confidence as a scale, labels as chips, owners as people", () => {
    const progressBar = { codaType: coda.ValueHintType.ProgressBar, minimum: 0, maximum: 1 };
    expect(table("KeyResults").Progress).toMatchObject(progressBar);
    for (const name of ["Imperatives", "Goals", "Objectives"])
      expect(table(name).Score).toMatchObject(progressBar);
    expect(table("CheckIns").Confidence).toMatchObject({ codaType: coda.ValueHintType.Scale, maximum: 10 });
    const chips = (options: string[]) => ({ codaType: coda.ValueHintType.SelectList, options });
    const statuses = ["Invalid", "No data", "Not started", "On track", "At risk", "Off track", "Done"];
    expect(table("KeyResults").Status).toMatchObject(chips(statuses));
    expect(table("Objectives").Status).toMatchObject(chips(statuses));
    expect(table("Objectives").Grade).toMatchObject(chips(["Green", "Yellow", "Red"]));
    expect(table("Alerts").Severity).toMatchObject(chips(["High", "Medium"]));
    for (const name of ["Imperatives", "Goals", "Objectives", "KeyResults", "Agenda"]) {
      expect(table(name).OwnerPerson).toMatchObject({
        codaType: coda.ValueHintType.Person,
        idProperty: "Email",
      });
      expect(table(name).Link).toMatchObject({ codaType: coda.ValueHintType.Url });
    }
    expect(table("KeyResults").Objective).toMatchObject({
      codaType: coda.ValueHintType.Reference,
      displayProperty: "Title",
      identity: { name: "Objective" },
    });
  });

  it("makes an owner with an email a person, and leaves a bare name as text", async () => {
    const context = syncContext();
    fakeWorker(context, (url) =>
      url.pathname === "/v1/workspaces/acme/key-results"
        ? {
            body: {
              items: [
                keyResult("kr-1", { owner: "Ana Lopez <ana@acme.com>" }),
                keyResult("kr-2", { owner: "ben@acme.com" }),
                keyResult("kr-3", { owner: "Carla" }),
              ],
              nextCursor: null,
            },
          }
        : undefined,
    );
    const rows = await executeSyncFormulaFromPackDef(pack, "KeyResults", [at("2026-11-20")], context);
    expect(rows.map((r) => [r.Owner, r.OwnerPerson])).toEqual([
      ["Ana Lopez <ana@acme.com>", { Name: "Ana Lopez", Email: "ana@acme.com" }],
      ["ben@acme.com", { Name: "ben@acme.com", Email: "ben@acme.com" }],
      ["Carla", undefined],
    ]);
  });

  it("links each row to its page on the dashboard, for the day the table was asked for", async () => {
    const context = syncContext();
    fakeWorker(context, (url) => {
      const items: Record<string, unknown[]> = {
        "/v1/workspaces/acme/key-results": [keyResult("kr 1")],
        "/v1/workspaces/acme/objectives": [
          {
            id: "o-1",
            title: "Sell",
            cycleId: "q4",
            team: "sales",
            score: 0.5,
            expected: 0.5,
            status: "on_track",
            grade: "yellow",
          },
        ],
        "/v1/workspaces/acme/alerts": [
          { code: "health_red", severity: "high", subject: "hm-uptime", message: "red" },
          { code: "stale_check_in", severity: "medium", subject: "kr-1", message: "stale" },
        ],
      };
      const page = items[url.pathname];
      return page === undefined ? undefined : { body: { items: page, nextCursor: null } };
    });
    const sync = async (name: string, params: unknown[]) =>
      (await executeSyncFormulaFromPackDef(pack, name, params as never, context)).map((r) => r.Link);
    expect(await sync("KeyResults", [at("2026-11-20")])).toEqual([
      `${ORIGIN}/dashboard/key-results/kr%201?asOf=2026-11-20`,
    ]);
    expect(await sync("KeyResults", [])).toEqual([`${ORIGIN}/dashboard/key-results/kr%201`]);
    expect(await sync("Objectives", [at("2026-11-20")])).toEqual([
      `${ORIGIN}/dashboard?asOf=2026-11-20&cycle=q4&team=sales`,
    ]);
    expect(await sync("Alerts", [at("2026-11-20")])).toEqual([
      `${ORIGIN}/dashboard/execution?asOf=2026-11-20#health`,
      `${ORIGIN}/dashboard/key-results/kr-1?asOf=2026-11-20`,
    ]);
  });

  it("leaves out links to a worker Coda cannot open (plain http)", async () => {
    const context = newMockSyncExecutionContext({ endpoint: "http://cascade.acme.workers.dev" });
    fakeWorker(context, (url) =>
      url.pathname === "/v1/workspaces/acme/key-results"
        ? { body: { items: [keyResult("kr-1")], nextCursor: null } }
        : undefined,
    );
    const rows = await executeSyncFormulaFromPackDef(pack, "KeyResults", [at("2026-11-20")], context);
    expect(rows[0]?.Link).toBeUndefined();
  });

  it("names references by their titles, looked up once a minute at most; the rows themselves are live", async () => {
    const context = syncContext();
    const requests = fakeWorker(context, (url) =>
      url.pathname === "/v1/workspaces/acme/objectives"
        ? {
            body: {
              items: [
                {
                  id: "o-2",
                  title: "Child",
                  goalId: "g-1",
                  parentId: "obj-1",
                  cycleId: "q4",
                  score: null,
                  expected: 0,
                  status: "no_data",
                  grade: null,
                },
              ],
              nextCursor: null,
            },
          }
        : undefined,
    );
    const rows = await executeSyncFormulaFromPackDef(pack, "Objectives", [at("2026-11-20")], context);
    expect(rows[0]?.Goal).toEqual({ Id: "g-1", Title: "Reach 400 mid-market customers" });
    expect(rows[0]?.Parent).toEqual({ Id: "obj-1", Title: "Land mid-market logos" });
    const lookups = requests.filter(isTitlesLookup).map((r) => new URL(r.url).pathname);
    expect(lookups).toEqual(["/v1/workspaces/acme/goals", "/v1/workspaces/acme/objectives"]);
    for (const request of ownRequests(requests).filter((r) => !r.url.includes("/v1/me")))
      expect(request.cacheTtlSecs).toBe(0);
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
    const context = formulaContext();
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
      const context = formulaContext();
      const requests = checkInWorker(context);
      await executeFormulaFromPackDef(pack, "CheckIn", params as never, context);
      keys.push(String(requests.find((r) => r.method === "POST")?.headers?.["Idempotency-Key"]));
    }
    expect(keys[0]).toBe(keys[1]);
    expect(new Set(keys).size).toBe(3);
  });

  it("SetConfidence posts a check-in with a confidence and no value", async () => {
    const context = formulaContext();
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
    const context = formulaContext();
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

  it("BindToCodaCell sends the cell's binding, the doc's id taken from its link, with If-Match", async () => {
    const context = formulaContext();
    const requests = fakeWorker(context, (url, request) => {
      if (url.pathname !== "/v1/workspaces/acme/key-results/kr-b" || request.method !== "PATCH")
        return undefined;
      return { body: keyResult("kr-b", { version: 4 }) };
    });
    const row = await executeFormulaFromPackDef(
      pack,
      "BindToCodaCell",
      ["kr-b", "https://coda.io/d/Team-OKRs_dXy12-ab/Metrics_sup", " Metrics ", "Value", "Revenue", 3],
      context,
    );
    const patch = requests.find((r) => r.method === "PATCH");
    expect(patch?.headers?.["If-Match"]).toBe('"3"');
    expect(JSON.parse(String(patch?.body))).toEqual({
      source: { type: "coda", docId: "Xy12-ab", tableId: "Metrics", column: "Value", rowId: "Revenue" },
    });
    expect(row).toMatchObject({ Version: 4 });
  });

  it("BindToNotionProperty shows the worker's refusal, naming the field", async () => {
    const context = formulaContext();
    fakeWorker(context, (url, request) => {
      if (request.method === "GET") return { body: keyResult("kr-b", { version: 5 }) };
      if (url.pathname !== "/v1/workspaces/acme/key-results/kr-b") return undefined;
      const issues = [
        {
          path: "source.property",
          message: "expected the name of the page's number property holding the value",
        },
      ];
      return {
        status: 400,
        body: { error: { code: "invalid_request", message: "invalid request", issues } },
      };
    });
    const error = await userError(
      executeFormulaFromPackDef(pack, "BindToNotionProperty", ["kr-b", "p", " "], context),
    );
    expect(error.message).toContain("source.property");
  });
});

/** The `UserVisibleError` a formula threw, out of the executor's wrapping (`DeveloperError`, `cause`). */
async function userError(run: Promise<unknown>): Promise<coda.UserVisibleError> {
  const error = await run.then(
    () => undefined,
    (e: Error) => e,
  );
  const cause = error?.cause ?? error;
  expect(cause).toBeInstanceOf(coda.UserVisibleError);
  return cause as coda.UserVisibleError;
}

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
    [
      500,
      { error: { code: "internal", message: "internal error" } },
      "Cascade's worker failed (HTTP 500: internal error)",
    ],
    [503, "<html>Service Unavailable</html>", "Cascade's worker failed (HTTP 503)"],
  ];

  it.each(cases)("HTTP %i, through the SDK's executor", async (status, body, message) => {
    const context = formulaContext();
    fakeWorker(context, () => ({ status, body }));
    const error = await userError(
      executeFormulaFromPackDef(
        pack,
        "CheckIn",
        ["kr-1", 5, undefined, undefined, at("2026-11-20"), 1] as never,
        context,
      ),
    );
    expect(error.message).toContain(message);
  });

  /** A fetcher that throws this error for every request but `/v1/me`. */
  async function checkInFailingWith(thrown: Error) {
    const context = formulaContext();
    context.fetcher.fetch.callsFake(async (request: coda.FetchRequest) => {
      if (new URL(request.url).pathname === "/v1/me")
        return newJsonFetchResponse({ kind: "workspace", workspace: { id: "acme", name: "Acme Corp" } });
      throw thrown;
    });
    const run = executeFormulaFromPackDef(
      pack,
      "CheckIn",
      ["kr-1", 5, undefined, undefined, at("2026-11-20"), 1] as never,
      context,
    );
    return (await userError(run)).message;
  }

  const notFound = { error: { code: "not_found", message: "key result kr-1 not found" } };
  const request = { method: "POST", url: `${ORIGIN}/v1/workspaces/acme/key-results/kr-1/check-ins` } as const;

  it("reads the worker's message from the parsed body, as Coda's fetcher throws it", async () => {
    const thrown = new coda.StatusCodeError(404, notFound, request, {
      body: JSON.stringify(notFound),
      headers: {},
    });
    expect(await checkInFailingWith(thrown)).toBe(
      "Not found in Cascade: key result kr-1 not found. Sync the tables to see what exists now.",
    );
  });

  it("reads it from the raw response body, where the SDK's local fetcher alone puts it", async () => {
    // The local fetcher's StatusCodeError: no `body`, the text in `response.body`.
    const thrown = Object.assign(new Error(`404 - ${JSON.stringify(JSON.stringify(notFound))}`), {
      name: "StatusCodeError",
      statusCode: 404,
      response: { statusCode: 404, body: JSON.stringify(notFound), headers: {} },
    });
    expect(await checkInFailingWith(thrown)).toBe(
      "Not found in Cascade: key result kr-1 not found. Sync the tables to see what exists now.",
    );
  });

  it("never prints HTTP undefined when the status is missing", async () => {
    const withEnvelope = Object.assign(new Error("request failed"), {
      name: "StatusCodeError",
      body: { error: { code: "precondition_failed", message: "the key result is at version 9" } },
    });
    const withText = Object.assign(new Error("request failed"), {
      name: "StatusCodeError",
      response: { body: "upstream connect error" },
    });
    const withNothing = Object.assign(new Error("request failed"), { name: "StatusCodeError" });
    const fromMessage = Object.assign(
      new Error(`409 - ${JSON.stringify({ error: { code: "conflict", message: "busy" } })}`),
      {
        name: "StatusCodeError",
      },
    );
    const messages = [
      await checkInFailingWith(withEnvelope),
      await checkInFailingWith(withText),
      await checkInFailingWith(withNothing),
      await checkInFailingWith(fromMessage),
    ];
    expect(messages).toEqual([
      "The key result changed in Cascade since this doc read it (the key result is at version 9). Sync the table and try again.",
      "Cascade answered with an error: upstream connect error.",
      "Cascade answered with an error.",
      "Someone changed this in Cascade at the same moment (busy). Sync the table and try again.",
    ]);
    for (const message of messages) expect(message).not.toContain("undefined");
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
    const context = formulaContext();
    fakeWorker(context, () => undefined);
    expect(await connectionName.execute([] as never, context)).toBe("Acme Corp (cascade.acme.workers.dev)");

    const admin = formulaContext();
    admin.fetcher.fetch.resolves(newJsonFetchResponse({ kind: "admin" }));
    await expect(Promise.resolve().then(() => connectionName.execute([] as never, admin))).rejects.toThrow(
      "Connect with a workspace token instead",
    );
  });
});
