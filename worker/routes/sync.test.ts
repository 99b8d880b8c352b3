/**
 * The sync service end to end in the Workers runtime: a workspace connects its Notion (the fake of
 * tests/fakes/notion/, reached through real HTTP), a run is queued, the queue's consumer syncs the
 * stored cascade with Notion, and the run's log says what happened.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { scoreCascade } from "../../core/report.ts";
import { queueSyncRuns } from "../scheduled.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { consumeSync } from "../sync/queue.ts";
import { queueRun, type SyncMessage } from "../sync/runs.ts";
import { callJson, northwind as northwindBound, workspaceWith } from "../test/helpers.ts";

/**
 * Northwind without its bindings to Notion pages (pages of Northwind's own Notion, not the fake's: a
 * run would report each as unreadable, and these tests are about the engine). Bindings have their own
 * test below.
 */
function northwind() {
  const doc = northwindBound();
  for (const kr of doc.keyResults) if (kr.source?.type === "notion") kr.source = { type: "manual" };
  return doc;
}

const fake = inject("notionFake");

async function notion(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const response = await fetch(`${fake.baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      authorization: `Bearer ${init.token ?? fake.token}`,
      "notion-version": "2025-09-03",
      "content-type": "application/json",
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the fake's answers are read loosely and asserted on
  return (await response.json()) as any;
}

/** A fresh page under the fake's root, shared with the integration: each workspace's own parent. */
async function parentPage(title: string): Promise<string> {
  const page = await notion("/v1/pages", {
    body: {
      parent: { page_id: fake.root },
      properties: { title: { title: [{ text: { content: title } }] } },
    },
  });
  return page.id as string;
}

async function waitForRun(ws: string, token: string, id: string) {
  for (let i = 0; i < 100; i++) {
    const runs = await callJson(`/v1/workspaces/${ws}/sync-runs`, { token });
    const run = runs.body.items.find((r: { id: string }) => r.id === id);
    if (run && ["succeeded", "partial", "failed"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`run ${id} did not finish`);
}

async function pagesOf(ws: string, kind: string) {
  const row = await env.DB.prepare(
    "SELECT state FROM sync_states WHERE workspace_id = ? AND kind = 'notion' ORDER BY part",
  )
    .bind(ws)
    .all<{ state: string }>();
  const state = JSON.parse(row.results.map((r) => r.state).join(""));
  const query = await notion(`/v1/data_sources/${state.databases[kind].dataSourceId}/query`, {
    body: { page_size: 100 },
  });
  // biome-ignore lint/suspicious/noExplicitAny: the fake's pages are read loosely and asserted on
  return query.results as Array<{ id: string; properties: Record<string, any> }>;
}

const textOf = (prop: { rich_text?: Array<{ plain_text: string }>; title?: Array<{ plain_text: string }> }) =>
  (prop.rich_text ?? prop.title ?? []).map((t) => t.plain_text).join("");

describe("the Notion connection", () => {
  it("is checked with Notion before it is saved, and its token is never answered nor stored in clear", async () => {
    const token = await workspaceWith("conn-ws", northwind());
    const parentPageId = await parentPage("conn-ws");
    const path = "/v1/workspaces/conn-ws/connections/notion";

    const badToken = await callJson(path, {
      method: "PUT",
      token,
      body: { token: "secret_wrong", parentPageId },
    });
    expect(badToken.status).toBe(400);
    expect(badToken.body.error.issues).toEqual([
      { path: "token", message: "Notion did not accept this token" },
    ]);
    const badPage = await callJson(path, {
      method: "PUT",
      token,
      body: { token: fake.token, parentPageId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(badPage.status).toBe(400);
    expect(badPage.body.error.issues[0].path).toBe("parentPageId");
    expect((await callJson(path, { token })).status).toBe(404);

    const saved = await callJson(path, { method: "PUT", token, body: { token: fake.token, parentPageId } });
    expect(saved.status).toBe(200);
    const read = await callJson(path, { token });
    expect(read.body).toEqual(saved.body);
    expect(JSON.stringify(read.body)).not.toContain(fake.token);
    const row = await env.DB.prepare(
      "SELECT secret, iv, config FROM connections WHERE workspace_id = 'conn-ws'",
    ).first<{
      secret: string;
      config: string;
    }>();
    expect(row?.secret).not.toContain(fake.token);
    expect(atob(row?.secret ?? "")).not.toContain(fake.token);

    // Another workspace's token sees nothing of it.
    const other = await workspaceWith("conn-other", northwind());
    expect((await callJson(path, { token: other })).status).toBe(404);

    expect((await callJson(path, { method: "DELETE", token })).status).toBe(204);
    expect((await callJson(path, { token })).status).toBe(404);
  });

  it("refuses to start a sync without a connection (409)", async () => {
    const token = await workspaceWith("no-conn", northwind());
    const started = await callJson("/v1/workspaces/no-conn/sync", { method: "POST", token });
    expect(started.status).toBe(409);
  });
});

describe("a sync run", () => {
  it("is queued, run by the queue's consumer against the stored cascade, and logged", async () => {
    const doc = northwind();
    const token = await workspaceWith("sync-ws", doc);
    const parentPageId = await parentPage("sync-ws");
    await callJson("/v1/workspaces/sync-ws/connections/notion", {
      method: "PUT",
      token,
      body: { token: fake.token, parentPageId },
    });

    const started = await callJson("/v1/workspaces/sync-ws/sync", { method: "POST", token });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe("queued");
    const run = await waitForRun("sync-ws", token, started.body.id);
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(run.summary.created).toBeGreaterThan(500);
    expect(run.attempts).toBe(1);

    const krs = await pagesOf("sync-ws", "keyResults");
    expect(krs).toHaveLength(doc.keyResults.length);
    const report = scoreCascade(doc, todayUtc());
    const first = report.keyResults[0];
    const page = krs.find((p) => textOf(p.properties["Cascade ID"]) === first?.id);
    expect(page?.properties.Progress.number).toBe(first?.progress);

    // A person changes a target in Notion; the next run brings it into the stored cascade.
    await notion(`/v1/pages/${page?.id}`, {
      method: "PATCH",
      body: { properties: { Target: { number: 12345 } } },
    });
    const again = await callJson("/v1/workspaces/sync-ws/sync", { method: "POST", token });
    const second = await waitForRun("sync-ws", token, again.body.id);
    expect(second.status, second.error ?? "").toBe("succeeded");
    expect(second.summary.created).toBe(0);
    const stored = await callJson("/v1/workspaces/sync-ws/cascade", { token });
    expect(stored.body.keyResults.find((k: { id: string }) => k.id === first?.id).target).toBe(12345);

    const runs = await callJson("/v1/workspaces/sync-ws/sync-runs", { token });
    expect(runs.body.items.map((r: { id: string }) => r.id)).toEqual([again.body.id, started.body.id]);

    // Both sides change one title: Notion's edit is the later one and wins; the conflict is kept.
    const kr = doc.keyResults[1] as { id: string };
    await callJson(`/v1/workspaces/sync-ws/key-results/${kr.id}`, {
      method: "PATCH",
      token,
      body: { title: "From the API" },
    });
    const krPage = (await pagesOf("sync-ws", "keyResults")).find(
      (p) => textOf(p.properties["Cascade ID"]) === kr.id,
    );
    await notion(`/v1/pages/${krPage?.id}`, {
      method: "PATCH",
      body: { properties: { Name: { title: [{ text: { content: "From Notion" } }] } } },
    });
    const third = await callJson("/v1/workspaces/sync-ws/sync", { method: "POST", token });
    expect((await waitForRun("sync-ws", token, third.body.id)).summary.conflicts).toHaveLength(1);
    const after = await callJson("/v1/workspaces/sync-ws/cascade", { token });
    expect(after.body.keyResults.find((k: { id: string }) => k.id === kr.id).title).toBe("From Notion");
    const conflicts = await callJson("/v1/workspaces/sync-ws/sync-conflicts", { token });
    expect(conflicts.body.items).toEqual([
      expect.objectContaining({
        kind: "keyResults",
        id: kr.id,
        field: "Name",
        cascade: "From the API",
        notion: "From Notion",
        kept: "notion",
      }),
    ]);
  });
});

describe("key results bound to a Notion page property", () => {
  it("take the property's value as check-ins marked notion, and say when the property is missing", async () => {
    const year = Number(todayUtc().slice(0, 4));
    const kr = (id: string, target: number) => ({
      id,
      objectiveId: "obj",
      title: id,
      kind: "increase" as const,
      start: 0,
      target,
    });
    const token = await workspaceWith("bound-ws", {
      version: 1,
      organization: "Bound",
      cycles: [{ id: "y", start: `${year}-01-01`, end: `${year}-12-31` }],
      imperatives: [{ id: "imp", title: "Win" }],
      goals: [{ id: "goal", title: "Grow", imperativeId: "imp", year }],
      objectives: [{ id: "obj", title: "Sell", cycleId: "y", goalId: "goal" }],
      keyResults: [kr("measured", 500), kr("elsewhere", 321), kr("missing", 10)],
    });
    const parentPageId = await parentPage("bound-ws");
    await callJson("/v1/workspaces/bound-ws/connections/notion", {
      method: "PUT",
      token,
      body: { token: fake.token, parentPageId },
    });
    const first = await callJson("/v1/workspaces/bound-ws/sync", { method: "POST", token });
    expect((await waitForRun("bound-ws", token, first.body.id)).status).toBe("succeeded");
    // Bind two key results to a page Notion holds: one to its number property, one to a property it lacks.
    const page = (await pagesOf("bound-ws", "keyResults")).find(
      (p) => textOf(p.properties["Cascade ID"]) === "elsewhere",
    );
    for (const [id, property] of [
      ["measured", "Target"],
      ["missing", "Revenue"],
    ]) {
      const bound = await callJson(`/v1/workspaces/bound-ws/key-results/${id}`, {
        method: "PATCH",
        token,
        body: { source: { type: "notion", pageId: page?.id, property } },
      });
      expect(bound.status).toBe(200);
    }
    const second = await callJson("/v1/workspaces/bound-ws/sync", { method: "POST", token });
    const run = await waitForRun("bound-ws", token, second.body.id);
    expect(run.status).toBe("partial");
    expect(run.summary.sources).toMatchObject({ bound: 2, recorded: 1, problems: 1 });
    const cascade = await callJson("/v1/workspaces/bound-ws/cascade", { token });
    const measured = cascade.body.keyResults.find((k: { id: string }) => k.id === "measured");
    expect(measured.checkIns).toEqual([{ date: todayUtc(), value: 321, source: "notion" }]);
    const sources = await callJson("/v1/workspaces/bound-ws/sources", { token });
    const missing = sources.body.items.find((s: { keyResultId: string }) => s.keyResultId === "missing");
    expect(missing.problem).toContain('has no property "Revenue"');
  });
});

describe("the queue's consumer and the cron", () => {
  async function queuedRun(ws: string): Promise<{ token: string; runId: string }> {
    const token = await workspaceWith(ws, northwind());
    const parentPageId = await parentPage(ws);
    await callJson(`/v1/workspaces/${ws}/connections/notion`, {
      method: "PUT",
      token,
      body: { token: fake.token, parentPageId },
    });
    const run = await queueRun(env.DB, ws, "notion", "manual");
    return { token, runId: run.id };
  }

  async function deliver(queue: string, runId: string, ws: string, attempts = 1) {
    const batch = createMessageBatch<SyncMessage>(queue, [
      {
        id: crypto.randomUUID(),
        timestamp: new Date(),
        attempts,
        body: { runId, workspaceId: ws, source: "notion" },
      },
    ]);
    const ctx = createExecutionContext();
    await consumeSync(batch, env);
    return getQueueResult(batch, ctx);
  }

  it("does a run once when its message is delivered twice", async () => {
    const { token, runId } = await queuedRun("dup-ws");
    expect((await deliver("cascade-sync", runId, "dup-ws")).explicitAcks).toHaveLength(1);
    const pages = (await pagesOf("dup-ws", "keyResults")).length;
    const again = await deliver("cascade-sync", runId, "dup-ws");
    expect(again.explicitAcks).toHaveLength(1);
    expect(await pagesOf("dup-ws", "keyResults")).toHaveLength(pages);
    const runs = await callJson("/v1/workspaces/dup-ws/sync-runs", { token });
    expect(runs.body.items[0]).toMatchObject({ id: runId, status: "succeeded", attempts: 1 });
  });

  it("takes over a run whose consumer died, and leaves one that is running now to its consumer", async () => {
    const { runId } = await queuedRun("died-ws");
    // A consumer claimed it just now: another delivery waits.
    await env.DB.prepare("UPDATE sync_runs SET status = 'running', claimed_at = ? WHERE id = ?")
      .bind(new Date().toISOString(), runId)
      .run();
    const busy = await deliver("cascade-sync", runId, "died-ws");
    expect(busy.retryMessages).toHaveLength(1);
    // Its claim is older than a consumer can live: the next delivery takes it over and finishes it.
    await env.DB.prepare("UPDATE sync_runs SET claimed_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 60 * 60_000).toISOString(), runId)
      .run();
    expect((await deliver("cascade-sync", runId, "died-ws")).explicitAcks).toHaveLength(1);
    const run = await env.DB.prepare("SELECT status FROM sync_runs WHERE id = ?")
      .bind(runId)
      .first<{ status: string }>();
    expect(run?.status).toBe("succeeded");
  });

  it("marks a run from the dead-letter queue failed, so the log shows it", async () => {
    const { token, runId } = await queuedRun("dead-ws");
    await deliver("cascade-sync-dead", runId, "dead-ws", 6);
    const runs = await callJson("/v1/workspaces/dead-ws/sync-runs", { token });
    expect(runs.body.items[0]).toMatchObject({ id: runId, status: "failed" });
    expect(runs.body.items[0].error).toContain("dead-letter");

    // A run another consumer is running right now is left to it.
    const live = await queueRun(env.DB, "dead-ws", "notion", "manual");
    await env.DB.prepare("UPDATE sync_runs SET status = 'running', claimed_at = ? WHERE id = ?")
      .bind(new Date().toISOString(), live.id)
      .run();
    await deliver("cascade-sync-dead", live.id, "dead-ws", 6);
    const still = await env.DB.prepare("SELECT status FROM sync_runs WHERE id = ?")
      .bind(live.id)
      .first<{ status: string }>();
    expect(still?.status).toBe("running");
  });

  it("fails a run for good when Notion refuses the connection's settings (no retry can change that)", async () => {
    const { token, runId } = await queuedRun("fault-ws");
    await env.DB.prepare(
      "UPDATE connections SET config = json_set(config, '$.parentPageId', 'not-a-page') WHERE workspace_id = 'fault-ws'",
    ).run();
    const refused = await deliver("cascade-sync", runId, "fault-ws");
    expect(refused.explicitAcks).toHaveLength(1);
    const runs = await callJson("/v1/workspaces/fault-ws/sync-runs", { token });
    expect(runs.body.items[0]).toMatchObject({ status: "failed" });
    expect(runs.body.items[0].error).toContain("Notion refused");
  });

  it("queues one run per connection under a lease: a second scheduler at the same time queues nothing", async () => {
    await queuedRun("cron-ws");
    await env.DB.prepare("UPDATE sync_runs SET status = 'succeeded' WHERE workspace_id = 'cron-ws'").run();
    // The messages are kept here, not delivered: the consumer's own tests run them.
    const sent: SyncMessage[] = [];
    const quiet = {
      ...env,
      SYNC_QUEUE: {
        sendBatch: async (batch: Array<{ body: SyncMessage }>) => void sent.push(...batch.map((m) => m.body)),
      } as unknown as Queue<SyncMessage>,
    };
    const [a, b] = await Promise.all([queueSyncRuns(quiet, "holder-a"), queueSyncRuns(quiet, "holder-b")]);
    expect([a, b].filter((n) => n === null)).toHaveLength(1);
    const queued = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sync_runs WHERE workspace_id = 'cron-ws' AND status = 'queued'",
    ).first<{ n: number }>();
    expect(queued?.n).toBe(1);
    // With that run still queued, the next pass adds none.
    await queueSyncRuns(quiet, "holder-c");
    expect(sent.filter((m) => m.workspaceId === "cron-ws")).toHaveLength(1);
    const still = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sync_runs WHERE workspace_id = 'cron-ws' AND status = 'queued'",
    ).first<{ n: number }>();
    expect(still?.n).toBe(1);
  });
});

describe("Notion webhooks", () => {
  async function sign(secret: string, body: string): Promise<string> {
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
    return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  }

  it("keeps the verification token, then queues a sync for a signed delivery and refuses a bad signature", async () => {
    const token = await workspaceWith("hook-ws", northwind());
    const parentPageId = await parentPage("hook-ws");
    await callJson("/v1/workspaces/hook-ws/connections/notion", {
      method: "PUT",
      token,
      body: { token: fake.token, parentPageId },
    });
    const path = "/v1/webhooks/notion/hook-ws";
    const verified = await callJson(path, { token: null, body: { verification_token: "secret_verify" } });
    expect(verified.status).toBe(200);
    // A second handshake cannot replace the first token.
    expect((await callJson(path, { token: null, body: { verification_token: "secret_evil" } })).status).toBe(
      409,
    );

    const event = JSON.stringify({ type: "page.properties_updated", entity: { id: "x", type: "page" } });
    const forged = await callJson(path, {
      token: null,
      rawBody: event,
      headers: { "content-type": "application/json", "x-notion-signature": await sign("secret_evil", event) },
    });
    expect(forged.status).toBe(401);
    const quiet = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sync_runs WHERE workspace_id = 'hook-ws'",
    ).first<{ n: number }>();
    expect(quiet?.n).toBe(0);

    const signed = await callJson(path, {
      token: null,
      rawBody: event,
      headers: {
        "content-type": "application/json",
        "x-notion-signature": await sign("secret_verify", event),
      },
    });
    expect(signed.status).toBe(202);
    const runs = await callJson("/v1/workspaces/hook-ws/sync-runs", { token });
    expect(runs.body.items[0]).toMatchObject({ trigger: "webhook" });
    await waitForRun("hook-ws", token, runs.body.items[0].id);

    // A workspace without a Notion connection has no webhook.
    await workspaceWith("hook-none", northwind());
    expect(
      (await callJson("/v1/webhooks/notion/hook-none", { token: null, body: { verification_token: "v" } }))
        .status,
    ).toBe(404);
  });
});

describe("the dashboard's sync page", () => {
  const ORIGIN = "http://cascade.test";

  async function session(token: string): Promise<string> {
    const response = await SELF.fetch(`${ORIGIN}/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: new URLSearchParams({ token }).toString(),
      redirect: "manual",
    });
    return (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
  }

  it("says how to connect, then syncs now from its button and lists the run", async () => {
    const token = await workspaceWith("page-ws", northwind());
    const cookie = await session(token);
    const before = await (await SELF.fetch(`${ORIGIN}/dashboard/sync`, { headers: { cookie } })).text();
    expect(before).toContain("No Notion connection yet");
    // The session's form token, as the key result page's check-in form carries it.
    const krPage = await (
      await SELF.fetch(`${ORIGIN}/dashboard/key-results/${northwind().keyResults[0]?.id}`, {
        headers: { cookie },
      })
    ).text();
    const csrf = krPage.match(/name="csrf" value="([^"]+)"/)?.[1] ?? "";
    expect(csrf).not.toBe("");
    const press = (headers: Record<string, string>, body = `csrf=${encodeURIComponent(csrf)}`) =>
      SELF.fetch(`${ORIGIN}/dashboard/sync`, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...headers },
        body,
        redirect: "manual",
      });
    expect((await press({ origin: ORIGIN })).status).toBe(409);

    const parentPageId = await parentPage("page-ws");
    await callJson("/v1/workspaces/page-ws/connections/notion", {
      method: "PUT",
      token,
      body: { token: fake.token, parentPageId },
    });
    // From another site, or without the session's form token, the button does nothing.
    expect((await press({ origin: "https://evil.example" })).status).toBe(403);
    expect((await press({ origin: ORIGIN }, "")).status).toBe(403);
    expect((await callJson("/v1/workspaces/page-ws/sync-runs", { token })).body.items).toHaveLength(0);
    const pressed = await press({ origin: ORIGIN });
    expect(pressed.status).toBe(303);
    const runs = await callJson("/v1/workspaces/page-ws/sync-runs", { token });
    expect(runs.body.items).toHaveLength(1);
    const run = await waitForRun("page-ws", token, runs.body.items[0].id);
    const after = await (await SELF.fetch(`${ORIGIN}/dashboard/sync`, { headers: { cookie } })).text();
    expect(after).toContain(`data-run="${run.id}" data-status="succeeded"`);
    expect(after).toContain("Sync now");
  });
});

describe("changing the connection", () => {
  it("starts over under another parent page, leaving the old layout's state behind", async () => {
    const token = await workspaceWith("move-ws", northwind());
    const first = await parentPage("move-ws-1");
    const path = "/v1/workspaces/move-ws/connections/notion";
    await callJson(path, { method: "PUT", token, body: { token: fake.token, parentPageId: first } });
    const run = await callJson("/v1/workspaces/move-ws/sync", { method: "POST", token });
    expect((await waitForRun("move-ws", token, run.body.id)).status).toBe("succeeded");
    const second = await parentPage("move-ws-2");
    await callJson(path, { method: "PUT", token, body: { token: fake.token, parentPageId: second } });
    const state = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sync_states WHERE workspace_id = 'move-ws'",
    ).first<{ n: number }>();
    expect(state?.n).toBe(0);
    const again = await callJson("/v1/workspaces/move-ws/sync", { method: "POST", token });
    const done = await waitForRun("move-ws", token, again.body.id);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect(done.summary.created).toBeGreaterThan(500); // a whole new layout under the new page
  });
});

describe("a run larger than one invocation's request budget", () => {
  it("goes on in fresh messages until it is done, creating every page once", async () => {
    const token = await workspaceWith("budget-ws", northwind());
    const parentPageId = await parentPage("budget-ws");
    await callJson("/v1/workspaces/budget-ws/connections/notion", {
      method: "PUT",
      token,
      body: { token: fake.token, parentPageId },
    });
    const run = await queueRun(env.DB, "budget-ws", "notion", "manual");
    const sent: SyncMessage[] = [{ runId: run.id, workspaceId: "budget-ws", source: "notion" }];
    const small = {
      ...env,
      NOTION_REQUEST_BUDGET: "150",
      SYNC_QUEUE: { send: async (m: SyncMessage) => void sent.push(m) } as unknown as Queue<SyncMessage>,
    };
    let invocations = 0;
    while (sent.length > 0 && invocations < 20) {
      const body = sent.shift() as SyncMessage;
      const batch = createMessageBatch<SyncMessage>("cascade-sync", [
        { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body },
      ]);
      await consumeSync(batch, small);
      invocations++;
    }
    const runs = await callJson("/v1/workspaces/budget-ws/sync-runs", { token });
    expect(runs.body.items[0]).toMatchObject({ id: run.id, status: "succeeded" });
    expect(invocations).toBeGreaterThan(3); // ~557 rows at under 150 requests an invocation
    const doc = northwind();
    const krs = await pagesOf("budget-ws", "keyResults");
    expect(krs).toHaveLength(doc.keyResults.length);
    const ids = krs.map((p) => textOf(p.properties["Cascade ID"]));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("a sync whose merge would cross a workspace limit", () => {
  it("writes nothing and fails the run for good, naming the limit", async () => {
    const doc = northwind();
    const token = await workspaceWith("limit-ws", doc);
    const parentPageId = await parentPage("limit-ws");
    await callJson("/v1/workspaces/limit-ws/connections/notion", {
      method: "PUT",
      token,
      body: { token: fake.token, parentPageId },
    });
    const first = await callJson("/v1/workspaces/limit-ws/sync", { method: "POST", token });
    expect((await waitForRun("limit-ws", token, first.body.id)).status).toBe("succeeded");
    // A person adds a key result in Notion to a workspace already at its limit.
    const objective = (await pagesOf("limit-ws", "objectives"))[0];
    const krs = await pagesOf("limit-ws", "keyResults");
    const state = await env.DB.prepare(
      "SELECT state FROM sync_states WHERE workspace_id = 'limit-ws' ORDER BY part",
    ).all<{ state: string }>();
    const dataSource = JSON.parse(state.results.map((r) => r.state).join("")).databases.keyResults
      .dataSourceId;
    await notion("/v1/pages", {
      body: {
        parent: { data_source_id: dataSource },
        properties: {
          Name: { title: [{ text: { content: "One too many" } }] },
          Objective: { relation: [{ id: objective?.id }] },
          Kind: { select: { name: "increase" } },
          Start: { number: 0 },
          Target: { number: 1 },
        },
      },
    });
    const run = await queueRun(env.DB, "limit-ws", "notion", "manual");
    const full = { ...env, MAX_KEY_RESULTS: String(krs.length) };
    const batch = createMessageBatch<SyncMessage>("cascade-sync", [
      {
        id: crypto.randomUUID(),
        timestamp: new Date(),
        attempts: 1,
        body: { runId: run.id, workspaceId: "limit-ws", source: "notion" },
      },
    ]);
    await consumeSync(batch, full);
    const runs = await callJson("/v1/workspaces/limit-ws/sync-runs", { token });
    expect(runs.body.items[0]).toMatchObject({ id: run.id, status: "failed" });
    expect(runs.body.items[0].error).toContain("MAX_KEY_RESULTS");
    const stored = await callJson("/v1/workspaces/limit-ws/cascade", { token });
    expect(stored.body.keyResults).toHaveLength(doc.keyResults.length);
  });
});
