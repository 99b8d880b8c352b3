/**
 * The Coda half of the sync service in the Workers runtime: a workspace connects its Coda account (the
 * fake of tests/fakes/coda/, reached through real HTTP), key results are bound to cells, and each run
 * pulls their values, records new ones as check-ins marked "coda", reports what it cannot read on the
 * key result, and keeps an append-only history.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import type { CascadeDocument } from "../../schema/document.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { consumeSync } from "../sync/queue.ts";
import { queueRun, type SyncMessage } from "../sync/runs.ts";
import { callJson, workspaceWith } from "../test/helpers.ts";

const coda = inject("codaFake");

async function codaCall(method: string, path: string, body?: unknown) {
  const response = await fetch(`${coda.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${coda.token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the fake's answers are read loosely and asserted on
  return { status: response.status, body: (await response.json()) as any };
}

const rows = `/docs/${coda.docId}/tables/${coda.tableId}/rows`;

/** Adds a row to the fake's Metrics table as a person would (Coda's own upsert endpoint); answers its id. */
async function addRow(metric: string, value: unknown): Promise<string> {
  const added = await codaCall("POST", rows, {
    rows: [
      {
        cells: [
          { column: "Metric", value: metric },
          { column: "Value", value },
        ],
      },
    ],
  });
  expect(added.status).toBe(202);
  return added.body.addedRowIds[0] as string;
}

async function setValue(rowId: string, value: unknown) {
  const updated = await codaCall("PUT", `${rows}/${rowId}`, {
    row: { cells: [{ column: "Value", value }] },
  });
  expect(updated.status).toBe(202);
}

/** A cascade whose one cycle holds today, with key results bound to the fake's cells. */
function cascadeBoundTo(sources: Record<string, object>): CascadeDocument {
  const today = todayUtc();
  const year = Number(today.slice(0, 4));
  return {
    version: 1,
    organization: "Bound",
    cycles: [{ id: "now", start: `${year}-01-01`, end: `${year}-12-31` }],
    imperatives: [{ id: "imp", title: "Win" }],
    goals: [{ id: "goal", title: "Grow", imperativeId: "imp", year }],
    objectives: [{ id: "obj", title: "Sell", cycleId: "now", goalId: "goal" }],
    keyResults: Object.entries(sources).map(([id, source]) => ({
      id,
      objectiveId: "obj",
      title: id,
      kind: "increase" as const,
      start: 0,
      target: 1000,
      source: source as { type: "coda" },
    })),
  };
}

async function runCoda(ws: string, token: string) {
  const started = await callJson(`/v1/workspaces/${ws}/sync?source=coda`, { method: "POST", token });
  expect(started.status).toBe(202);
  // Runs wait their turn in the queue (one message at a time), behind other tests' runs.
  for (let i = 0; i < 300; i++) {
    const runs = await callJson(`/v1/workspaces/${ws}/sync-runs`, { token });
    const run = runs.body.items.find((r: { id: string }) => r.id === started.body.id);
    if (run && ["succeeded", "partial", "failed"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the run did not finish");
}

async function checkInsOf(ws: string, token: string, id: string) {
  const cascade = await callJson(`/v1/workspaces/${ws}/cascade`, { token });
  return cascade.body.keyResults.find((k: { id: string }) => k.id === id).checkIns ?? [];
}

/** A Coda account of its own on the fake, so the faults a test asks for reach its requests only. */
async function ownAccount(): Promise<string> {
  const origin = new URL(coda.baseUrl).origin;
  const issued = await fetch(`${origin}/_fake/tokens`, { method: "POST" });
  return ((await issued.json()) as { token: string }).token;
}

async function fault(account: string, spec: Record<string, unknown>) {
  const origin = new URL(coda.baseUrl).origin;
  const response = await fetch(`${origin}/_fake/faults`, {
    method: "POST",
    body: JSON.stringify({ token: account, ...spec }),
  });
  expect(response.status).toBe(204);
}

/** Connects the workspace's Coda with `account` (the fake's own token by default). */
async function connectCoda(ws: string, token: string, account = coda.token) {
  const saved = await callJson(`/v1/workspaces/${ws}/connections/coda`, {
    method: "PUT",
    token,
    body: { token: account },
  });
  expect(saved.status).toBe(200);
}

/** Delivers run `runId` of `ws` to the queue's consumer once, as the queue would. */
async function deliverRun(ws: string, runId: string) {
  const batch = createMessageBatch<SyncMessage>("cascade-sync", [
    {
      id: crypto.randomUUID(),
      timestamp: new Date(),
      attempts: 1,
      body: { runId, workspaceId: ws, source: "coda" },
    },
  ]);
  await consumeSync(batch, env);
  return getQueueResult(batch, createExecutionContext());
}

describe("the Coda connection", () => {
  it("is checked with Coda before it is saved, says whose it is, and never answers its token", async () => {
    const token = await workspaceWith("coda-conn", cascadeBoundTo({}));
    const path = "/v1/workspaces/coda-conn/connections/coda";
    const bad = await callJson(path, { method: "PUT", token, body: { token: "wrong" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([{ path: "token", message: "Coda did not accept this API token" }]);
    const missing = await callJson(path, { method: "PUT", token, body: {} });
    expect(missing.body.error.issues[0].path).toBe("token");
    expect((await callJson(path, { token })).status).toBe(404);

    const saved = await callJson(path, { method: "PUT", token, body: { token: coda.token } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ kind: "coda", account: expect.any(String) });
    expect(JSON.stringify((await callJson(path, { token })).body)).not.toContain(coda.token);
    const other = await workspaceWith("coda-conn-other", cascadeBoundTo({}));
    expect((await callJson(path, { token: other })).status).toBe(404);
    expect((await callJson(path, { method: "DELETE", token })).status).toBe(204);
    expect((await callJson(path, { token })).status).toBe(404);
  });
});

describe("a Coda run", () => {
  it("records each new value once, marked with its source, and reports what a binding cannot read", async () => {
    const revenue = await addRow("rec Revenue", 120);
    await addRow("rec NPS", "42%");
    await addRow("rec Churn", "n/a");
    const base = { type: "coda", docId: coda.docId, tableId: "Metrics" };
    const token = await workspaceWith(
      "coda-rec",
      cascadeBoundTo({
        byId: { ...base, column: "Value", rowId: revenue },
        byMatch: {
          ...base,
          column: coda.columnIds.Value as string,
          rowWhere: { column: "Metric", value: "rec NPS" },
        },
        notNumber: { ...base, column: "Value", rowWhere: { column: "Metric", value: "rec Churn" } },
        noColumn: { ...base, column: "Nope", rowId: revenue },
        noTable: { ...base, tableId: "No such table", column: "Value", rowId: revenue },
        incomplete: { type: "coda", docId: coda.docId },
      }),
    );
    await connectCoda("coda-rec", token);

    const first = await runCoda("coda-rec", token);
    expect(first.status, first.error ?? "").toBe("partial");
    expect(first.summary).toMatchObject({ bound: 6, recorded: 2, unchanged: 0, problems: 4 });
    const today = todayUtc();
    expect(await checkInsOf("coda-rec", token, "byId")).toEqual([
      { date: today, value: 120, source: "coda" },
    ]);
    expect(await checkInsOf("coda-rec", token, "byMatch")).toEqual([
      { date: today, value: 42, source: "coda" },
    ]);

    const sources = await callJson("/v1/workspaces/coda-rec/sources", { token });
    const status = (id: string) =>
      sources.body.items.find((s: { keyResultId: string }) => s.keyResultId === id);
    expect(status("byId")).toMatchObject({ source: "coda", value: 120, problem: null });
    expect(status("notNumber").problem).toContain('holds "n/a", not a number');
    expect(status("noColumn").problem).toContain('no column "Nope"');
    expect(status("noTable").problem).toContain("No such table");
    expect(status("incomplete").problem).toContain("source.tableId");

    // Nothing changed: one incremental read of the table, and one try at the missing one; nothing
    // recorded again.
    const second = await runCoda("coda-rec", token);
    expect(second.summary).toMatchObject({ recorded: 0, unchanged: 2, fullReads: 0 });
    expect(second.summary.reads).toBe(2);
    expect(await checkInsOf("coda-rec", token, "byId")).toHaveLength(1);

    // A person changes the cell: the next run records the new value, once.
    await setValue(revenue, 135);
    const third = await runCoda("coda-rec", token);
    expect(third.summary).toMatchObject({ recorded: 1 });
    expect(await checkInsOf("coda-rec", token, "byId")).toEqual([
      { date: today, value: 120, source: "coda" },
      { date: today, value: 135, source: "coda" },
    ]);
    // The dashboard's Sync page shows each bound key result with its value or its problem.
    const signIn = await SELF.fetch("http://cascade.test/sign-in", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://cascade.test" },
      body: new URLSearchParams({ token }).toString(),
      redirect: "manual",
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const page = await (
      await SELF.fetch("http://cascade.test/dashboard/sync", { headers: { cookie } })
    ).text();
    expect(page).toContain("the account of");
    expect(page).toMatch(/data-source="byId" data-problem="no"/);
    expect(page).toMatch(/data-source="noColumn" data-problem="yes"/);
    expect(page).toContain("no column &quot;Nope&quot;");

    const history = await callJson("/v1/workspaces/coda-rec/source-events?keyResultId=byId", { token });
    expect(history.body.items.map((e: { event: string; value: number }) => [e.event, e.value])).toEqual([
      ["recorded", 135],
      ["recorded", 120],
    ]);
  });

  it("keeps a check-in from another surface that disagrees, and marks the conflict once", async () => {
    const row = await addRow("conflict Revenue", 200);
    const token = await workspaceWith(
      "coda-conflict",
      cascadeBoundTo({
        rev: { type: "coda", docId: coda.docId, tableId: coda.tableId, column: "Value", rowId: row },
      }),
    );
    await connectCoda("coda-conflict", token);
    await runCoda("coda-conflict", token);
    const posted = await callJson("/v1/workspaces/coda-conflict/key-results/rev/check-ins", {
      method: "POST",
      token,
      body: { date: todayUtc(), value: 190, source: "dashboard" },
    });
    expect(posted.status).toBe(201);
    const run = await runCoda("coda-conflict", token);
    expect(run.summary).toMatchObject({ recorded: 0, conflicts: 1 });
    await runCoda("coda-conflict", token);
    const history = await callJson("/v1/workspaces/coda-conflict/source-events", { token });
    const conflicts = history.body.items.filter((e: { event: string }) => e.event === "conflict");
    expect(conflicts).toEqual([
      expect.objectContaining({ keyResultId: "rev", value: 200, otherValue: 190, day: todayUtc() }),
    ]);
    expect(await checkInsOf("coda-conflict", token, "rev")).toHaveLength(2);
  });

  it("shows a finished cycle's source value without recording it, and that is no problem", async () => {
    const row = await addRow("ended Revenue", 310);
    const doc = cascadeBoundTo({
      ended: { type: "coda", docId: coda.docId, tableId: coda.tableId, column: "Value", rowId: row },
    });
    doc.cycles = [{ id: "now", start: "2020-01-01", end: "2020-03-31" }];
    const token = await workspaceWith("coda-ended", doc);
    await connectCoda("coda-ended", token);
    const run = await runCoda("coda-ended", token);
    expect(run.status).toBe("succeeded");
    expect(run.summary).toMatchObject({ recorded: 0, outsideCycle: 1, problems: 0 });
    expect(await checkInsOf("coda-ended", token, "ended")).toEqual([]);
    const sources = await callJson("/v1/workspaces/coda-ended/sources", { token });
    expect(sources.body.items).toEqual([
      expect.objectContaining({ keyResultId: "ended", value: 310, problem: null }),
    ]);
  });

  it("gets through a 429 storm and 5xx, recording each value once", async () => {
    const row = await addRow("storm Revenue", 77);
    const token = await workspaceWith(
      "coda-storm",
      cascadeBoundTo({
        rev: { type: "coda", docId: coda.docId, tableId: coda.tableId, column: "Value", rowId: row },
      }),
    );
    const account = await ownAccount();
    await connectCoda("coda-storm", token, account);
    await fault(account, { kind: "rateLimit", count: 2, retryAfterSeconds: 1 });
    await fault(account, { kind: "serverError", count: 1, status: 503 });
    const run = await runCoda("coda-storm", token);
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(run.summary.rateLimited).toBe(2);
    expect(run.summary.retried).toBe(3);
    expect(run.summary.recorded).toBe(1);
    expect(await checkInsOf("coda-storm", token, "rev")).toEqual([
      { date: todayUtc(), value: 77, source: "coda" },
    ]);
  }, 30_000);

  it("defers a run Coda asks to wait long for, and the retry records the value once", async () => {
    const row = await addRow("later Revenue", 88);
    const token = await workspaceWith(
      "coda-later",
      cascadeBoundTo({
        rev: { type: "coda", docId: coda.docId, tableId: coda.tableId, column: "Value", rowId: row },
      }),
    );
    const account = await ownAccount();
    await connectCoda("coda-later", token, account);
    const run = await queueRun(env.DB, "coda-later", "coda", "manual");
    const deliver = () => deliverRun("coda-later", run.id);
    await fault(account, { kind: "rateLimit", count: 1, retryAfterSeconds: 120 });
    const deferred = await deliver();
    expect(deferred.retryMessages).toHaveLength(1);
    const waiting = await env.DB.prepare("SELECT status, error FROM sync_runs WHERE id = ?")
      .bind(run.id)
      .first<{ status: string; error: string }>();
    expect(waiting).toMatchObject({ status: "queued" });
    expect(waiting?.error).toContain("rate_limited");
    expect(await checkInsOf("coda-later", token, "rev")).toEqual([]);
    // The message comes back later: the run resumes and records the value, once.
    expect((await deliver()).explicitAcks).toHaveLength(1);
    expect((await deliver()).explicitAcks).toHaveLength(1); // and a duplicate delivery does nothing
    expect(await checkInsOf("coda-later", token, "rev")).toEqual([
      { date: todayUtc(), value: 88, source: "coda" },
    ]);
  });

  it("binds a key result through the API only to a source a run can read", async () => {
    const token = await workspaceWith("coda-bind", cascadeBoundTo({ kr: { type: "manual" } }));
    const refused = await callJson("/v1/workspaces/coda-bind/key-results/kr", {
      method: "PATCH",
      token,
      body: { source: { type: "coda", docId: coda.docId, tableId: "Metrics" } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      "source.column",
      "source.rowId",
    ]);
    const bound = await callJson("/v1/workspaces/coda-bind/key-results/kr", {
      method: "PATCH",
      token,
      body: { source: { type: "coda", docId: coda.docId, tableId: "Metrics", column: "Value", rowId: "x" } },
    });
    expect(bound.status).toBe(200);
  });

  it("does a run once when its message is delivered twice, and fails for good on a revoked token", async () => {
    const row = await addRow("dup Revenue", 7);
    const token = await workspaceWith(
      "coda-dup",
      cascadeBoundTo({
        rev: { type: "coda", docId: coda.docId, tableId: "Metrics", column: "Value", rowId: row },
      }),
    );
    await connectCoda("coda-dup", token);
    const run = await queueRun(env.DB, "coda-dup", "coda", "manual");
    const deliver = () => deliverRun("coda-dup", run.id);
    expect((await deliver()).explicitAcks).toHaveLength(1);
    expect((await deliver()).explicitAcks).toHaveLength(1);
    expect(await checkInsOf("coda-dup", token, "rev")).toHaveLength(1);

    // The token is revoked in Coda: the run fails and says so; retrying cannot help.
    const { saveConnection } = await import("../sync/connections.ts");
    await saveConnection(env.DB, env.CONNECTIONS_KEY, "coda-dup", "coda", "revoked", { account: "x" });
    const failed = await runCoda("coda-dup", token);
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain("Coda refused (unauthorized)");
  });
});
