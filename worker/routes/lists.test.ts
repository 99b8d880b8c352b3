import { describe, expect, it } from "vitest";
import { buildAgenda } from "../../core/execution/agenda.ts";
import { scoreCascade } from "../../core/report.ts";
import { latestCheckIn } from "../../core/scoring/key-result.ts";
import type { KeyResult } from "../../schema/document.ts";
import { ReportSchema } from "../schemas.ts";
import { callJson, northwind, tinyCascade, workspaceWith } from "../test/helpers.ts";

const AS_OF = "2026-08-15";

/** Follows nextCursor to the end and returns every item. */
async function readAll(path: string, token: string, limit: number) {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `limit=${limit}&asOf=${AS_OF}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const { status, body } = await callJson(`${path}${path.includes("?") ? "&" : "?"}${query}`, { token });
    expect(status).toBe(200);
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

describe("paged lists", () => {
  it("pages every list to the end, each row scored as the core's report says", async () => {
    const token = await workspaceWith("lists", northwind());
    const report = scoreCascade(northwind(), AS_OF);
    const base = "/v1/workspaces/lists";

    const krs = await readAll(`${base}/key-results`, token, 7);
    expect(krs.pages).toBe(Math.ceil(46 / 7));
    expect(krs.items.map((k) => k.id)).toEqual(report.keyResults.map((k) => k.id).sort());
    for (const score of report.keyResults) {
      const { id, objectiveId, kind, ...fields } = score;
      expect(krs.items.find((k) => k.id === id)).toMatchObject({ id, objectiveId, kind, ...fields });
    }
    // Each key result's confidence is the one the core's status cap reads on the day.
    for (const kr of northwind().keyResults) {
      const confidence = latestCheckIn(kr.checkIns, AS_OF)?.confidence ?? null;
      expect(krs.items.find((k) => k.id === kr.id)?.confidence, kr.id).toBe(confidence);
    }
    expect(krs.items.some((k) => typeof k.confidence === "number")).toBe(true);

    const objectives = await readAll(`${base}/objectives`, token, 5);
    for (const o of report.objectives) expect(objectives.items.find((x) => x.id === o.id)).toMatchObject(o);
    expect(objectives.items).toHaveLength(report.objectives.length);

    const goals = await readAll(`${base}/goals`, token, 3);
    expect(goals.items.map((g) => [g.id, g.score])).toEqual(report.goals.map((g) => [g.id, g.score]));

    const imperatives = await readAll(`${base}/imperatives`, token, 1);
    expect(imperatives.items.map((i) => [i.id, i.score])).toEqual(
      report.imperatives.map((i) => [i.id, i.score]),
    );

    const alerts = await readAll(`${base}/alerts`, token, 4);
    expect(alerts.items).toHaveLength(report.alerts.length);
    expect(new Set(alerts.items.map((a) => JSON.stringify(a)))).toEqual(
      new Set(report.alerts.map((a) => JSON.stringify(a))),
    );

    const checkIns = await readAll(`${base}/check-ins`, token, 50);
    const total = northwind().keyResults.reduce((n, k) => n + (k.checkIns?.length ?? 0), 0);
    expect(checkIns.items).toHaveLength(total);
    const one = await readAll(`${base}/check-ins?keyResultId=kr-q3-sql-volume`, token, 5);
    expect(one.items.map(({ id: _id, keyResultId: _k, author: _a, recordedAt: _r, ...c }) => c)).toEqual(
      northwind().keyResults.find((k) => k.id === "kr-q3-sql-volume")?.checkIns,
    );
  });

  it("keeps cursors stable while check-ins arrive: nothing served twice, nothing skipped", async () => {
    const token = await workspaceWith("stable", northwind());
    const base = "/v1/workspaces/stable/check-ins";
    const first = await callJson(`${base}?limit=10`, { token });
    await callJson("/v1/workspaces/stable/key-results/kr-q3-sql-volume/check-ins", {
      token,
      body: { date: "2026-09-29", value: 330 },
    });
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await callJson(`${base}?limit=10&cursor=${encodeURIComponent(cursor)}`, { token });
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    const ids = seen.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen.at(-1)).toMatchObject({ keyResultId: "kr-q3-sql-volume", value: 330 });
  });

  it("keeps id cursors stable when a key result is added before the cursor", async () => {
    const token = await workspaceWith("stable-ids", northwind());
    const base = "/v1/workspaces/stable-ids/key-results";
    const first = await callJson(`${base}?limit=10&asOf=${AS_OF}`, { token });
    const doc = northwind();
    doc.keyResults.push({ ...northwind().keyResults[0], id: "aaa-first", checkIns: [] } as KeyResult);
    await callJson("/v1/workspaces/stable-ids/cascade", { method: "PUT", token, body: doc });
    const second = await callJson(`${base}?limit=10&cursor=${encodeURIComponent(first.body.nextCursor)}`, {
      token,
    });
    expect(second.body.items[0].id > first.body.items.at(-1).id).toBe(true);
  });

  it("serves an alert once across pages even when its message changes in between", async () => {
    const doc = tinyCascade();
    doc.keyResults = doc.keyResults.map((k, n) => ({
      ...k,
      kind: "increase",
      start: 0,
      target: 100,
      checkIns: [{ date: "2026-02-14", value: 10 + n }],
    }));
    const token = await workspaceWith("alert-pages", doc);
    const asOf = "2026-02-15"; // mid-cycle: every key result is off track
    const alerts = (cursor?: string) =>
      callJson(`/v1/workspaces/alert-pages/alerts?asOf=${asOf}&limit=1${cursor ? `&cursor=${cursor}` : ""}`, {
        token,
      }).then((r) => r.body);
    const first = await alerts();
    expect(first.items[0]).toMatchObject({ subject: "kr-a", code: "off_track" });
    // kr-a moves from 10% to 30% done: its off_track message now sorts after the one on page 1.
    await callJson(`/v1/workspaces/alert-pages/key-results/kr-a/check-ins?asOf=${asOf}`, {
      token,
      body: { date: "2026-02-15", value: 30 },
    });
    const served = [...first.items];
    for (let page = first; page.nextCursor; ) {
      page = await alerts(page.nextCursor);
      served.push(...page.items);
    }
    const pairs = served.map((a) => `${a.subject} ${a.code}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    const all = (await callJson(`/v1/workspaces/alert-pages/alerts?asOf=${asOf}&limit=100`, { token })).body;
    expect(all.items.length).toBeGreaterThan(1);
    expect(new Set(pairs)).toEqual(
      new Set(all.items.map((a: { subject: string; code: string }) => `${a.subject} ${a.code}`)),
    );
  });

  it("rejects bad cursors, limits and dates with 400 by parameter", async () => {
    const token = await workspaceWith("bad-query", northwind());
    const base = "/v1/workspaces/bad-query";
    const cases: Array<[string, string]> = [
      [`${base}/key-results?limit=0`, "limit"],
      [`${base}/key-results?limit=501`, "limit"],
      [`${base}/key-results?limit=ten`, "limit"],
      [`${base}/objectives?asOf=2026-02-30`, "asOf"],
      [`${base}/report?asOf=tomorrow`, "asOf"],
      [`${base}/goals?cursor=not-a-cursor`, "cursor"],
    ];
    for (const [path, param] of cases) {
      const { status, body } = await callJson(path, { token });
      expect(status, path).toBe(400);
      expect(body.error.issues.map((i: { path: string }) => i.path)).toContain(param);
    }
    // A nextCursor handed out by one list is no cursor of another whose keys are of the other kind.
    const krCursor = (await callJson(`${base}/key-results?limit=2`, { token })).body.nextCursor;
    const checkInCursor = (await callJson(`${base}/check-ins?limit=2`, { token })).body.nextCursor;
    for (const path of [
      `${base}/check-ins?cursor=${krCursor}`,
      `${base}/key-results?cursor=${checkInCursor}`,
    ]) {
      const { status, body } = await callJson(path, { token });
      expect(status, path).toBe(400);
      expect(body.error.issues).toEqual([{ path: "cursor", message: "not a nextCursor of this list" }]);
    }
    const unknownKr = await callJson(`${base}/check-ins?keyResultId=nope`, { token });
    expect(unknownKr.status).toBe(404);
  });

  it("serves the §8 report computed by the core", async () => {
    const token = await workspaceWith("report", northwind());
    const { status, body } = await callJson(`/v1/workspaces/report/report?asOf=${AS_OF}`, { token });
    expect(status).toBe(200);
    expect(body).toEqual(scoreCascade(northwind(), AS_OF));
    // The OpenAPI schema describes every field: parsing (which drops unknown keys) changes nothing.
    expect(ReportSchema.parse(body)).toEqual(body);
  });
});

describe("GET /v1/workspaces/{ws}/agenda", () => {
  it("serves the core's weekly agenda, and only to the workspace's own token", async () => {
    const token = await workspaceWith("agenda", northwind());
    const { status, body } = await callJson(`/v1/workspaces/agenda/agenda?asOf=${AS_OF}`, { token });
    expect(status).toBe(200);
    const doc = northwind();
    expect(body).toEqual(buildAgenda(doc, scoreCascade(doc, AS_OF)));
    expect(body.items.length).toBeGreaterThan(0);
    const other = await workspaceWith("agenda-other", northwind());
    expect((await callJson(`/v1/workspaces/agenda/agenda?asOf=${AS_OF}`, { token: other })).status).toBe(404);
    expect((await callJson("/v1/workspaces/agenda/agenda?asOf=2026-13-01", { token })).status).toBe(400);
  });
});
