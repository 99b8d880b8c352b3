import { describe, expect, it } from "vitest";
import { buildRetrospective } from "../../core/execution/retro.ts";
import { scoreCascade } from "../../core/report.ts";
import { callJson, newWorkspace, northwind, tinyCascade, workspaceWith } from "../test/helpers.ts";

const AS_OF = "2026-11-20";

/** Follows nextCursor to the end; every page must be a 200 of at most `limit` items. */
async function readAll(path: string, token: string, limit: number) {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const { status, body } = await callJson(`${path}${path.includes("?") ? "&" : "?"}${query}`, { token });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

const ids = (items: Array<Record<string, unknown>>) => items.map((i) => i.id);

describe("cycles", () => {
  it("lists every cycle with how far along it is, and marks the one in progress as current", async () => {
    const token = await workspaceWith("exec-cycles", northwind());
    const { items, pages } = await readAll(`/v1/workspaces/exec-cycles/cycles?asOf=${AS_OF}`, token, 1);
    expect(pages).toBe(2);
    expect(items).toEqual([
      {
        id: "2026-Q3",
        name: "Q3 2026",
        title: "Q3 2026",
        start: "2026-07-01",
        end: "2026-09-30",
        expected: 1,
        state: "finished",
        current: false,
        objectives: expect.any(Number),
        keyResults: expect.any(Number),
        initiatives: 7,
      },
      expect.objectContaining({ id: "2026-Q4", state: "in_progress", current: true, initiatives: 14 }),
    ]);
    const doc = northwind();
    const q4 = new Set(doc.objectives.filter((o) => o.cycleId === "2026-Q4").map((o) => o.id));
    expect(items[1]).toMatchObject({
      objectives: q4.size,
      keyResults: doc.keyResults.filter((k) => q4.has(k.objectiveId)).length,
    });
    expect(items[1]?.expected).toBeCloseTo(50 / 91);
  });

  it("between and before cycles, names the latest that started as current, and the first before any", async () => {
    const token = await workspaceWith("exec-cycles-gap", northwind());
    const on = async (asOf: string) =>
      (await readAll(`/v1/workspaces/exec-cycles-gap/cycles?asOf=${asOf}`, token, 10)).items.map((c) => [
        c.id,
        c.state,
        c.current,
      ]);
    expect(await on("2027-01-15")).toEqual([
      ["2026-Q3", "finished", false],
      ["2026-Q4", "finished", true],
    ]);
    expect(await on("2026-06-01")).toEqual([
      ["2026-Q3", "upcoming", true],
      ["2026-Q4", "upcoming", false],
    ]);
  });
});

describe("initiatives: the one pipeline", () => {
  it("pages the pipeline as the core's report ranks it, with the cut line and trade-offs", async () => {
    const token = await workspaceWith("exec-pipeline", northwind());
    const report = scoreCascade(northwind(), AS_OF);
    const { items, pages } = await readAll(
      `/v1/workspaces/exec-pipeline/initiatives?asOf=${AS_OF}`,
      token,
      4,
    );
    expect(pages).toBe(Math.ceil(21 / 4));
    expect(ids(items)).toEqual(report.initiatives.map((i) => i.id).sort());
    for (const scored of report.initiatives) {
      expect(items.find((i) => i.id === scored.id)).toMatchObject(scored);
    }
    const failover = items.find((i) => i.id === "ini-q4-multi-region-failover");
    expect(failover).toMatchObject({
      line: "admitted_by_trade_off",
      teamName: "Platform Engineering",
      value: expect.any(Number),
      capacity: 30,
      tradeOff: { id: "tr-q4-platform-failover", decidedBy: expect.stringContaining("Erik Sandberg") },
    });
    const dropped = items.find((i) => i.id === "ini-q4-usage-analytics-v2");
    expect(dropped).toMatchObject({ line: "dropped", tradeOff: { id: "tr-q4-platform-failover" } });
    const overCapacity = report.capacity.flatMap((c) => c.overCapacity);
    for (const item of items) expect(item.overCapacity).toBe(overCapacity.includes(String(item.id)));
  });

  it("filters by cycle, team and owner", async () => {
    const token = await workspaceWith("exec-filters", northwind());
    const doc = northwind();
    const base = `/v1/workspaces/exec-filters/initiatives?asOf=${AS_OF}`;
    const q4platform = await readAll(`${base}&cycleId=2026-Q4&team=platform`, token, 3);
    expect(ids(q4platform.items)).toEqual(
      (doc.initiatives ?? [])
        .filter((i) => i.cycleId === "2026-Q4" && i.team === "platform")
        .map((i) => i.id)
        .sort(),
    );
    const lena = await readAll(`${base}&owner=${encodeURIComponent("Lena Vogel")}`, token, 500);
    expect(lena.items.length).toBeGreaterThan(1);
    for (const item of lena.items) expect(item.owner).toBe("Lena Vogel");
    expect((await readAll(`${base}&team=nobody`, token, 10)).items).toEqual([]);
  });

  it("answers 404 for a cycle the cascade does not have, and 400 for a bad filter", async () => {
    const token = await workspaceWith("exec-404", northwind());
    const unknown = await callJson("/v1/workspaces/exec-404/initiatives?cycleId=2030-Q1", { token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({ code: "not_found", message: "cycle not found" });
    const moves = await callJson("/v1/workspaces/exec-404/reallocations?cycleId=2030-Q1", { token });
    expect(moves.status).toBe(404);
    const area = await callJson("/v1/workspaces/exec-404/health-metrics?area=weather", { token });
    expect(area.status).toBe(400);
    expect(area.body.error.issues[0].path).toBe("area");
    const cursor = await callJson("/v1/workspaces/exec-404/cycles?cursor=nope", { token });
    expect(cursor.status).toBe(400);
  });
});

describe("health metrics", () => {
  it("lists each metric's latest value, status and trend, as the core reads them", async () => {
    const token = await workspaceWith("exec-health", northwind());
    const report = scoreCascade(northwind(), AS_OF);
    const { items } = await readAll(`/v1/workspaces/exec-health/health-metrics?asOf=${AS_OF}`, token, 2);
    expect(ids(items)).toEqual(report.health.metrics.map((m) => m.id).sort());
    for (const metric of report.health.metrics) {
      expect(items.find((i) => i.id === metric.id)).toMatchObject(metric);
    }
    // eNPS (higher is better): 25 on 2026-11-16, one week before 21.
    const onLater = await readAll("/v1/workspaces/exec-health/health-metrics?asOf=2026-11-23", token, 10);
    expect(onLater.items.find((i) => i.id === "hm-enps")).toMatchObject({
      value: 21,
      date: "2026-11-23",
      previous: { date: "2026-11-16", value: 25 },
      change: "worse",
    });
    expect(onLater.items.find((i) => i.id === "hm-burn-multiple")).toMatchObject({ change: "better" });
    expect(onLater.items.find((i) => i.id === "hm-regretted-attrition")).toMatchObject({ change: "steady" });
  });

  it("filters by area, and shows a metric with no value yet without a trend", async () => {
    const doc = tinyCascade();
    doc.healthMetrics = [
      {
        id: "hm-nps",
        title: "NPS",
        area: "growth",
        direction: "higher_is_better",
        green: 40,
        red: 20,
        values: [{ date: "2026-03-01", value: 30 }],
      },
      {
        id: "hm-churn",
        title: "Churn",
        area: "finance",
        direction: "lower_is_better",
        green: 2,
        red: 5,
        values: [],
      },
    ];
    const token = await workspaceWith("exec-health-area", doc);
    const growth = await callJson(
      "/v1/workspaces/exec-health-area/health-metrics?asOf=2026-02-15&area=growth",
      {
        token,
      },
    );
    expect(growth.body.items).toEqual([
      expect.objectContaining({ id: "hm-nps", value: null, status: null, previous: null, change: null }),
    ]);
  });
});

describe("budget moves", () => {
  it("lists the moves dated by asOf, as applied, with their findings, filtered by cycle and team", async () => {
    const token = await workspaceWith("exec-moves", northwind());
    const report = scoreCascade(northwind(), AS_OF);
    const base = `/v1/workspaces/exec-moves/reallocations?asOf=${AS_OF}`;
    const { items } = await readAll(base, token, 1);
    expect(ids(items)).toEqual(report.reallocations.map((r) => r.id).sort());
    for (const move of report.reallocations) expect(items.find((i) => i.id === move.id)).toMatchObject(move);
    const push = items.find((i) => i.id === "rea-q4-partner-push");
    expect(push).toMatchObject({ cycleId: "2026-Q4", scale: "major", approvedBy: null });
    expect(push?.lint).toEqual([
      expect.objectContaining({ code: "unapproved_reallocation", severity: "warning" }),
    ]);
    expect(items.find((i) => i.id === "rea-q4-failover")?.lint).toEqual([]);

    // A move dated after asOf is not made yet.
    const before = await readAll("/v1/workspaces/exec-moves/reallocations?asOf=2026-11-18", token, 10);
    expect(ids(before.items)).toEqual(["rea-q4-failover", "rea-q4-referral-bonus"]);

    expect(ids((await readAll(`${base}&team=people`, token, 10)).items)).toEqual(["rea-q4-referral-bonus"]);
    expect((await readAll(`${base}&cycleId=2026-Q3`, token, 10)).items).toEqual([]);
  });
});

describe("the retrospective of a cycle", () => {
  it("is the core's retro of a finished cycle, scored on its last day", async () => {
    const token = await workspaceWith("exec-retro", northwind());
    const doc = northwind();
    const retro = await callJson(`/v1/workspaces/exec-retro/cycles/2026-Q3/retro?asOf=${AS_OF}`, { token });
    expect(retro.status).toBe(200);
    expect(retro.body).toEqual(buildRetrospective(doc, "2026-Q3", (asOf) => scoreCascade(doc, asOf)));
    expect(retro.body.asOf).toBe("2026-09-30");
  });

  it("answers 409 for a cycle still running and 404 for a cycle the cascade does not have", async () => {
    const token = await workspaceWith("exec-retro-early", northwind());
    const running = await callJson(`/v1/workspaces/exec-retro-early/cycles/2026-Q4/retro?asOf=${AS_OF}`, {
      token,
    });
    expect(running.status).toBe(409);
    expect(running.body.error).toEqual({
      code: "conflict",
      message: "cycle 2026-Q4 runs until 2026-12-31: its retrospective is ready once it has ended",
    });
    // On its last day it still runs; the day after, it has ended.
    const lastDay = "/v1/workspaces/exec-retro-early/cycles/2026-Q4/retro?asOf=2026-12-31";
    expect((await callJson(lastDay, { token })).status).toBe(409);
    const after = "/v1/workspaces/exec-retro-early/cycles/2026-Q4/retro?asOf=2027-01-01";
    expect((await callJson(after, { token })).status).toBe(200);
    const unknown = await callJson("/v1/workspaces/exec-retro-early/cycles/2030-Q1/retro", { token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe("cycle not found");
  });
});

describe("tenants", () => {
  it("never shows one workspace's lists to another's token", async () => {
    await workspaceWith("exec-tenant-a", northwind());
    const other = await workspaceWith("exec-tenant-b", tinyCascade());
    for (const path of ["cycles", "initiatives", "health-metrics", "reallocations", "cycles/2026-Q3/retro"]) {
      const answer = await callJson(`/v1/workspaces/exec-tenant-a/${path}?asOf=${AS_OF}`, { token: other });
      expect(answer.status, path).toBe(404);
      expect(JSON.stringify(answer.body)).not.toContain('2026-Q3"');
    }
    // Its own lists hold only its own cascade.
    const own = await callJson(`/v1/workspaces/exec-tenant-b/cycles?asOf=${AS_OF}`, { token: other });
    expect(ids(own.body.items)).toEqual(["q1"]);
    expect((await callJson(`/v1/workspaces/exec-tenant-b/initiatives`, { token: other })).body.items).toEqual(
      [],
    );
  });

  it("answers 404 for a workspace without a cascade, and 401 without a token", async () => {
    const token = await newWorkspace("exec-tenant-c");
    const empty = await callJson("/v1/workspaces/exec-tenant-c/cycles", { token });
    expect(empty.status).toBe(404);
    expect(empty.body.error.message).toBe("cascade not found");
    expect((await callJson("/v1/workspaces/exec-tenant-c/cycles", { token: null })).status).toBe(401);
  });
});
