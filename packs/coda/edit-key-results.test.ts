/**
 * Two-way sync of the KeyResults table through the SDK's executors against the fake worker's key
 * result routes (fake-worker.ts): the exact requests an edit makes, stale rows refused, retries that
 * write once, and the worker's refusals shown on their row.
 */
import * as coda from "@codahq/packs-sdk";
import {
  executeFormulaFromPackDef,
  executeSyncFormulaFromPackDef,
  executeUpdateFormulaFromPackDef,
  newMockExecutionContext,
  newMockSyncExecutionContext,
} from "@codahq/packs-sdk/dist/development";
import { describe, expect, it } from "vitest";
import { isoDay } from "./dates.ts";
import {
  type Answer,
  ENDPOINT,
  fakeWorker,
  isTitlesLookup,
  keyResult,
  keyResultRoutes,
  keyResultStore,
  ORIGIN,
  type Route,
} from "./fake-worker.ts";
import { pack } from "./pack.ts";
import { KeyResults } from "./sync-tables/tables.ts";

const at = (day: string) => new Date(`${day}T12:00:00Z`);
const KR = `${ORIGIN}/v1/workspaces/acme/key-results`;

/** A KeyResults row as the doc holds it after a sync (the schema's property names). */
const row = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  title: `Key result ${id}`,
  kind: "increase",
  owner: "Ana",
  target: 100,
  current: 40,
  confidence: 6,
  version: 7,
  ...fields,
});
const edit = (before: Record<string, unknown>, changes: Record<string, unknown>) => ({
  previousValue: before,
  newValue: { ...before, ...changes },
  updatedFields: Object.keys(changes),
});

type Outcome = { outcome: string; finalValue?: Record<string, unknown>; error?: Error };

/** Runs the table's update through the SDK's executor against the fake worker. */
async function pushEdits(
  route: Route,
  updates: ReturnType<typeof edit>[],
  { params = [], timezone }: { params?: unknown[]; timezone?: string } = {},
) {
  const context = newMockSyncExecutionContext({ endpoint: ENDPOINT, ...(timezone ? { timezone } : {}) });
  const requests = fakeWorker(context, route);
  const { result } = await executeUpdateFormulaFromPackDef(
    pack,
    "KeyResults",
    params as never,
    context as never,
    updates,
  );
  // The executor answers with the outcomes Coda receives (its types say otherwise).
  return {
    result: result as unknown as Outcome[],
    // The requests made for the rows themselves (not the token's workspace, nor the titles of references).
    requests: requests.filter((r) => !isTitlesLookup(r) && !r.url.endsWith("/v1/me")),
    today: isoDay(new Date(), context.timezone),
  };
}

/** A request as asserted: method, URL, the headers the pack sets, and the JSON body. */
const sent = (r: coda.FetchRequest) => ({
  method: r.method,
  url: r.url,
  headers: r.headers,
  body: r.body === undefined ? undefined : JSON.parse(String(r.body)),
});

describe("editing owner and target (PATCH with If-Match)", () => {
  it("makes owner, target, confidence and the next check-in's value and note editable, and only them", () => {
    const properties = KeyResults.schema.properties as Record<string, { mutable?: boolean }>;
    const mutable = Object.entries(properties).filter(([, p]) => p.mutable === true);
    expect(mutable.map(([name]) => name).sort()).toEqual([
      "Confidence",
      "NextNote",
      "NextValue",
      "Owner",
      "Target",
    ]);
    expect(KeyResults.getter.supportsUpdates).toBe(true);
  });

  it("writes an edit with If-Match of the synced version and answers with the new row", async () => {
    const store = keyResultStore({ "kr-1": keyResult("kr-1", { owner: "Ana" }) });
    const { result, requests } = await pushEdits(
      keyResultRoutes(store),
      [edit(row("kr-1"), { owner: " Ben ", target: 120 })],
      { params: [at("2026-11-20")] },
    );
    expect(requests.map(sent)).toEqual([
      {
        method: "PATCH",
        url: `${KR}/kr-1?asOf=2026-11-20`,
        headers: { "If-Match": '"7"', "Content-Type": "application/json" },
        body: { owner: "Ben", target: 120 },
      },
    ]);
    expect(result).toEqual([
      {
        outcome: "success",
        finalValue: expect.objectContaining({
          id: "kr-1",
          owner: "Ben",
          target: 120,
          version: 8,
          objective: { id: "obj-1", title: "Land mid-market logos" },
        }),
      },
    ]);
  });

  it("removes a field whose cell was cleared", async () => {
    const store = keyResultStore({ "kr-1": keyResult("kr-1", { owner: "Ana" }) });
    const { requests } = await pushEdits(keyResultRoutes(store), [edit(row("kr-1"), { owner: "" })]);
    expect(JSON.parse(String(requests[0]?.body))).toEqual({ owner: null });
    expect(store.keyResults["kr-1"]?.owner).toBeUndefined();
  });

  it("refuses a stale row with a clear error instead of overwriting, and still writes the others", async () => {
    const store = keyResultStore({
      "kr-1": keyResult("kr-1", { owner: "Carla", version: 9 }),
      "kr-2": keyResult("kr-2", { owner: "Dan", version: 7 }),
    });
    const { result, requests } = await pushEdits(keyResultRoutes(store), [
      edit(row("kr-1"), { owner: "Ben" }),
      edit(row("kr-2", { owner: "Dan" }), { owner: "Eve" }),
    ]);
    expect(result[0]?.outcome).toBe("error");
    const error = result[0]?.error;
    expect(error).toBeInstanceOf(coda.UserVisibleError);
    expect(error?.message).toBe(
      "The key result changed in Cascade since this doc read it (the key result is at version 9). Sync the table and try again.",
    );
    expect(store.keyResults["kr-1"]?.owner).toBe("Carla");
    expect(result[1]).toMatchObject({ outcome: "success", finalValue: { id: "kr-2", owner: "Eve" } });
    // Every write carried the version it was read at.
    for (const patch of requests.filter((r) => r.method === "PATCH"))
      expect(patch.headers?.["If-Match"]).toBeDefined();
  });

  it("succeeds when a retried edit finds its values already in place", async () => {
    const store = keyResultStore({ "kr-1": keyResult("kr-1", { owner: "Ben", version: 8 }) });
    const { result } = await pushEdits(keyResultRoutes(store), [edit(row("kr-1"), { owner: "Ben" })]);
    expect(result[0]).toMatchObject({
      outcome: "success",
      finalValue: { id: "kr-1", owner: "Ben", version: 8 },
    });
  });

  it("refuses a target on a key result that has none", async () => {
    const store = keyResultStore({
      "kr-r": keyResult("kr-r", { kind: "range", low: 95, high: 99, target: undefined }),
    });
    const { result, requests } = await pushEdits(keyResultRoutes(store), [
      edit(row("kr-r", { kind: "range", target: undefined }), { target: 98 }),
    ]);
    expect(result[0]?.error?.message).toBe(
      "target: a range key result has no target (only increase and decrease ones do); change it in Cascade.",
    );
    expect(requests).toHaveLength(0);
  });
});

describe("the next check-in (Confidence, NextValue, NextNote)", () => {
  const storeOf = (fields: Parameters<typeof keyResult>[1] = {}) =>
    keyResultStore({ "kr-1": keyResult("kr-1", { confidence: 6, ...fields }) });

  it("syncs the latest check-in's confidence as whole points of its scale, and the inputs blank", async () => {
    const context = newMockSyncExecutionContext({ endpoint: ENDPOINT });
    fakeWorker(context, (url) =>
      url.pathname === "/v1/workspaces/acme/key-results"
        ? {
            body: {
              items: [keyResult("kr-1", { confidence: 7.5 }), keyResult("kr-2", { confidence: null })],
              nextCursor: null,
            },
          }
        : undefined,
    );
    const rows = await executeSyncFormulaFromPackDef(pack, "KeyResults", [at("2026-11-20")], context);
    expect(rows.map((r) => [r.Id, r.Confidence, r.NextValue, r.NextNote])).toEqual([
      ["kr-1", 8, undefined, undefined],
      ["kr-2", undefined, undefined, undefined],
    ]);
    const schema = KeyResults.schema.properties as Record<string, object>;
    expect(schema.Confidence).toMatchObject({ codaType: coda.ValueHintType.Scale, maximum: 10 });
  });

  it("records a changed Confidence alone as a confidence-only check-in, as SetConfidence does", async () => {
    const store = storeOf();
    const { result, requests, today } = await pushEdits(keyResultRoutes(store), [
      edit(row("kr-1"), { confidence: 8 }),
    ]);
    const [read, post] = requests.map(sent);
    expect(requests).toHaveLength(2);
    expect(read).toEqual({ method: "GET", url: `${KR}/kr-1?asOf=${today}`, headers: {}, body: undefined });
    expect(post).toEqual({
      method: "POST",
      url: `${KR}/kr-1/check-ins?asOf=${today}`,
      headers: {
        "Idempotency-Key": expect.stringMatching(/^coda-[0-9a-f]{28}$/),
        "Content-Type": "application/json",
      },
      body: { date: today, confidence: 8, source: "coda" },
    });
    expect(result).toEqual([
      {
        outcome: "success",
        finalValue: expect.objectContaining({ id: "kr-1", confidence: 8, current: 40, version: 8 }),
      },
    ]);

    // The SetConfidence button pressed on the same row sends the same check-in under the same key.
    const button = newMockExecutionContext({ endpoint: ENDPOINT });
    const pressed = fakeWorker(button, keyResultRoutes(storeOf()));
    await executeFormulaFromPackDef(pack, "SetConfidence", ["kr-1", 8, undefined, undefined, 7], button);
    const buttonPost = pressed.find((r) => r.method === "POST");
    expect(buttonPost?.headers?.["Idempotency-Key"]).toBe(post?.headers?.["Idempotency-Key"]);
    expect(JSON.parse(String(buttonPost?.body))).toEqual(post?.body);
  });

  it("records NextValue with NextNote and a changed Confidence as one check-in dated today in the doc's timezone", async () => {
    // Kiritimati is UTC+14: for most of the UTC day, its today is UTC's tomorrow.
    const timezone = "Pacific/Kiritimati";
    const store = storeOf();
    const { result, requests, today } = await pushEdits(
      keyResultRoutes(store),
      [edit(row("kr-1"), { nextValue: 55, nextNote: "  Two deals closed ", confidence: 8 })],
      // Coda hands the table's AsOf over as midnight of the day in the doc's timezone.
      { params: [new Date("2026-11-20T00:00:00+14:00")], timezone },
    );
    expect(today).toBe(isoDay(new Date(), timezone));
    expect(requests.map(sent)).toEqual([
      { method: "GET", url: `${KR}/kr-1?asOf=2026-11-20`, headers: {}, body: undefined },
      {
        method: "POST",
        url: `${KR}/kr-1/check-ins?asOf=2026-11-20`,
        headers: { "Idempotency-Key": expect.any(String), "Content-Type": "application/json" },
        body: { date: today, value: 55, confidence: 8, note: "Two deals closed", source: "coda" },
      },
    ]);
    expect(store.checkIns).toHaveLength(1);
    const finalValue = result[0]?.finalValue;
    expect(finalValue).toMatchObject({ id: "kr-1", current: 55, confidence: 8, version: 8 });
    // The inputs are blank again in the row Coda gets back.
    expect(finalValue).not.toHaveProperty("nextValue");
    expect(finalValue).not.toHaveProperty("nextNote");
  });

  it("records NextValue without a confidence unless Confidence changed too", async () => {
    const store = storeOf();
    const { requests, today } = await pushEdits(keyResultRoutes(store), [
      edit(row("kr-1"), { nextValue: 0 }),
    ]);
    expect(sent(requests[1] as coda.FetchRequest).body).toEqual({ date: today, value: 0, source: "coda" });
  });

  it("writes an owner and a check-in edited together: the patch, then the check-in", async () => {
    const store = storeOf();
    const { result, requests, today } = await pushEdits(keyResultRoutes(store), [
      edit(row("kr-1"), { owner: "Ben", nextValue: 60 }),
    ]);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `PATCH ${KR}/kr-1?asOf=${today}`,
      // The version moved (the patch's own): the check-in is looked for before it is posted.
      `GET ${ORIGIN}/v1/workspaces/acme/check-ins?keyResultId=kr-1&from=${today}&to=${today}&limit=500`,
      `POST ${KR}/kr-1/check-ins?asOf=${today}`,
    ]);
    expect(result[0]?.finalValue).toMatchObject({ owner: "Ben", current: 60, version: 9 });
  });

  it("refuses a stale row: the key result moved since the sync, and nothing is checked in", async () => {
    // Someone checked in from another doc since this one synced (version 7 → 8).
    const store = keyResultStore({
      "kr-1": keyResult("kr-1", { version: 8 }),
      "kr-2": keyResult("kr-2", { version: 7 }),
    });
    store.checkIns.push({ id: "1", keyResultId: "kr-1", date: "2026-11-19", value: 50, source: "notion" });
    const { result, requests, today } = await pushEdits(keyResultRoutes(store), [
      edit(row("kr-1"), { nextValue: 55 }),
      edit(row("kr-2", { version: 7 }), { confidence: 3 }),
    ]);
    expect(result[0]).toMatchObject({ outcome: "error" });
    expect(result[0]?.error).toBeInstanceOf(coda.UserVisibleError);
    expect(result[0]?.error?.message).toBe(
      "The key result changed in Cascade since this doc read it (the key result is at version 8). Sync the table and try again.",
    );
    expect(requests.filter((r) => r.url.includes("kr-1")).map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${KR}/kr-1?asOf=${today}`,
      `GET ${ORIGIN}/v1/workspaces/acme/check-ins?keyResultId=kr-1&from=${today}&to=${today}&limit=500`,
    ]);
    expect(store.checkIns.filter((c) => c.keyResultId === "kr-1")).toHaveLength(1);
    // The other row, synced at the key result's version, is still written.
    expect(result[1]).toMatchObject({ outcome: "success", finalValue: { id: "kr-2", confidence: 3 } });
  });

  it("records one check-in when an update is retried after its answer was lost", async () => {
    const store = storeOf();
    const routes = keyResultRoutes(store);
    let lose = true;
    // The first post is recorded, but its answer never reaches the pack (a timeout, a dropped connection).
    const losingFirstAnswer: Route = (url, request) => {
      const answer = routes(url, request);
      if (request.method === "POST" && lose) {
        lose = false;
        throw new Error("socket hang up");
      }
      return answer;
    };
    const update = edit(row("kr-1"), { nextValue: 55, nextNote: "Two deals closed" });
    const first = await pushEdits(losingFirstAnswer, [update]);
    expect(first.result[0]?.error?.message).toContain("Could not reach Cascade");
    expect(store.checkIns).toHaveLength(1);

    // Coda sends the same update again: the row is still at version 7.
    const retry = await pushEdits(losingFirstAnswer, [update]);
    expect(retry.result[0]).toMatchObject({
      outcome: "success",
      finalValue: { id: "kr-1", current: 55, version: 8 },
    });
    expect(retry.requests.map((r) => r.method)).toEqual(["GET", "GET"]);
    expect(store.checkIns).toHaveLength(1);
  });

  it("records one check-in when two attempts of an update race: both post the same Idempotency-Key", async () => {
    const store = storeOf();
    const routes = keyResultRoutes(store);
    // Both attempts read the key result before either wrote: each sees the row's version, and posts.
    const readBeforeEitherWrote = keyResult("kr-1", { confidence: 6 });
    const racing: Route = (url, request) =>
      request.method === "GET" && url.pathname.endsWith("/kr-1")
        ? { body: readBeforeEitherWrote }
        : routes(url, request);
    const update = edit(row("kr-1"), { nextValue: 55, confidence: 8 });
    const attempts = [await pushEdits(racing, [update]), await pushEdits(racing, [update])];
    const keys = attempts.map(
      (run) => run.requests.find((r) => r.method === "POST")?.headers?.["Idempotency-Key"],
    );
    expect(keys[0]).toMatch(/^coda-/);
    expect(keys[1]).toBe(keys[0]);
    expect(store.checkIns).toHaveLength(1);
    for (const run of attempts)
      expect(run.result[0]).toMatchObject({ outcome: "success", finalValue: { current: 55, version: 8 } });

    // Other values, or the same ones from the row once updated, are another check-in: another key.
    const later = await pushEdits(keyResultRoutes(store), [
      edit(row("kr-1", { version: 8 }), { nextValue: 55, confidence: 8 }),
    ]);
    expect(later.requests.find((r) => r.method === "POST")?.headers?.["Idempotency-Key"]).not.toBe(keys[0]);
    expect(store.checkIns).toHaveLength(2);
  });

  const refusal = (status: number, code: string, message: string, issues?: unknown[]): Answer => ({
    status,
    body: { error: { code, message, ...(issues ? { issues } : {}) } },
  });

  it.each([
    [
      "a day outside the key result's cycle",
      refusal(400, "invalid_request", "invalid request", [
        {
          path: "date",
          message: "expected a day of the key result's cycle 2026-Q3, 2026-07-01 to 2026-09-30",
        },
      ]),
      "Cascade rejected the request: date: expected a day of the key result's cycle 2026-Q3, 2026-07-01 to 2026-09-30.",
    ],
    [
      "a day after today (UTC)",
      refusal(400, "invalid_request", "invalid request", [
        { path: "date", message: "expected a day on or before 2026-11-20 (today, UTC)" },
      ]),
      "Cascade rejected the request: date: expected a day on or before 2026-11-20 (today, UTC).",
    ],
    [
      "a viewer's token",
      refusal(403, "forbidden", "a viewer cannot change anything: this needs the member or admin role"),
      "This Cascade token may not do that: a viewer cannot change anything: this needs the member or admin role.",
    ],
  ])("shows the worker's refusal of %s on its row, in its own words", async (_, answer, message) => {
    const store = keyResultStore({ "kr-1": keyResult("kr-1"), "kr-2": keyResult("kr-2") });
    const routes = keyResultRoutes(store);
    const refusingKr1: Route = (url, request) =>
      request.method === "POST" && url.pathname.includes("/kr-1/") ? answer : routes(url, request);
    const { result } = await pushEdits(refusingKr1, [
      edit(row("kr-1"), { nextValue: 5 }),
      edit(row("kr-2"), { nextValue: 6 }),
    ]);
    expect(result[0]?.outcome).toBe("error");
    expect(result[0]?.error).toBeInstanceOf(coda.UserVisibleError);
    expect(result[0]?.error?.message).toBe(message);
    expect(result[1]).toMatchObject({ outcome: "success", finalValue: { id: "kr-2", current: 6 } });
    expect(store.checkIns.map((c) => c.keyResultId)).toEqual(["kr-2"]);
  });

  it.each([
    [
      { nextNote: "Waiting on legal" },
      "nextNote: a note is recorded with a check-in: fill NextValue, or change Confidence, on the same row.",
    ],
    [{ confidence: 11 }, "confidence: expected a number from 0 to 10, got 11"],
    [
      { confidence: null },
      "confidence: expected a number from 0 to 10, got a blank cell (a check-in cannot remove a confidence)",
    ],
    [{ nextValue: "lots" }, "nextValue: expected a number, got lots"],
    [{ owner: "Ben", nextNote: "alone" }, "nextNote: a note is recorded with a check-in"],
  ])("refuses %j before anything is written", async (changes, message) => {
    const store = storeOf();
    const { result, requests } = await pushEdits(keyResultRoutes(store), [edit(row("kr-1"), changes)]);
    expect(result[0]?.error?.message).toContain(message);
    expect(requests).toEqual([]);
  });

  it("writes nothing for a NextValue cleared before it was recorded", async () => {
    const store = storeOf();
    const before = row("kr-1", { nextValue: 5 });
    const { result, requests } = await pushEdits(keyResultRoutes(store), [edit(before, { nextValue: null })]);
    expect(result[0]).toMatchObject({ outcome: "success", finalValue: { id: "kr-1", version: 7 } });
    expect(requests).toEqual([]);
  });
});
