import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ScoreReport } from "../../core/model/report.ts";
import { scoreCascade } from "../../core/report.ts";
import type { StoredCascade } from "../../store/port.ts";
import { getWorkspace } from "../db/workspaces.ts";
import { call, callJson, northwind, tinyCascade, workspaceWith } from "../test/helpers.ts";
import { loadScoredCascade } from "./load.ts";
import { reportJson } from "./report-json.ts";
import { ScoreCache } from "./score-cache.ts";
import { scoreStored } from "./scored-cascade.ts";

const AS_OF = "2026-02-15";

function scoredTiny(keyResults: number) {
  const doc = tinyCascade();
  const template = doc.keyResults[0];
  if (!template) throw new Error("tiny cascade without key results");
  doc.keyResults = Array.from({ length: keyResults }, (_, i) => ({ ...template, id: `kr-${i}` }));
  const stored: StoredCascade = { doc, revision: 1, versions: new Map() };
  return scoreStored(stored, AS_OF);
}

describe("ScoreCache", () => {
  it("keeps entries within its budget, dropping the least recently used first", () => {
    const cache = new ScoreCache(25); // each entry below weighs 1 + 10 key results = 11
    const workspace = { id: "w", createdAt: "2026-01-01T00:00:00.000Z" };
    const [a, b, c] = [1, 2, 3].map((revision) => ScoreCache.revisionKey(workspace, revision)) as [
      string,
      string,
      string,
    ];
    cache.set(a, AS_OF, scoredTiny(10));
    cache.set(b, AS_OF, scoredTiny(10));
    expect(cache.get(ScoreCache.key(a, AS_OF))).toBeDefined(); // a is now the most recently used
    cache.set(c, AS_OF, scoredTiny(10));
    expect(cache.get(ScoreCache.key(b, AS_OF))).toBeUndefined();
    expect(cache.stored(b)).toBeUndefined();
    expect(cache.get(ScoreCache.key(a, AS_OF))).toBeDefined();
    expect(cache.get(ScoreCache.key(c, AS_OF))).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it("makes room for an entry before it is built, evicting only what setting it would", () => {
    const cache = new ScoreCache(25); // entries of 11: two fit
    cache.set("a", AS_OF, scoredTiny(10));
    cache.set("b", AS_OF, scoredTiny(10));
    cache.makeRoom(3); // 22 + 3 fits: nothing goes
    expect(cache.size).toBe(2);
    cache.get(ScoreCache.key("a", AS_OF)); // b is now the least recently used
    cache.makeRoom(11);
    expect(cache.get(ScoreCache.key("b", AS_OF))).toBeUndefined();
    expect(cache.get(ScoreCache.key("a", AS_OF))).toBeDefined();
    cache.makeRoom(100); // larger than the budget: never kept, so nothing is evicted for it
    expect(cache.size).toBe(1);
  });

  it("does not keep a cascade larger than the whole budget", () => {
    const cache = new ScoreCache(5);
    cache.set("big", AS_OF, scoredTiny(10));
    expect(cache.get(ScoreCache.key("big", AS_OF))).toBeUndefined();
  });

  it("names a report by workspace, its creation, revision and asOf", () => {
    const w = { id: "w", createdAt: "2026-01-01T00:00:00.000Z" };
    const keys = new Set([
      ScoreCache.key(ScoreCache.revisionKey(w, 1), AS_OF),
      ScoreCache.key(ScoreCache.revisionKey(w, 2), AS_OF),
      ScoreCache.key(ScoreCache.revisionKey(w, 1), "2026-02-16"),
      ScoreCache.key(ScoreCache.revisionKey({ ...w, createdAt: "2026-01-02T00:00:00.000Z" }, 1), AS_OF),
      ScoreCache.key(ScoreCache.revisionKey({ ...w, id: "v" }, 1), AS_OF),
    ]);
    expect(keys.size).toBe(5);
  });

  it("scores another asOf of a cached revision from the stored cascade it already holds", () => {
    const cache = new ScoreCache();
    const scored = scoredTiny(3);
    cache.set("rev", AS_OF, scored);
    expect(cache.stored("rev")).toBe(scored.stored);
    expect(cache.stored("other")).toBeUndefined();
  });

  it("serializes a report to JSON.stringify's very text, once", () => {
    for (const doc of [northwind(), tinyCascade()]) {
      const scored = scoreStored({ doc, revision: 1, versions: new Map() }, "2026-11-20");
      const body = scored.body;
      expect(new TextDecoder().decode(body)).toBe(JSON.stringify(scoreCascade(doc, "2026-11-20")));
      expect(scored.body).toBe(body); // the same bytes, not serialized again
    }
    expect(reportJson({} as ScoreReport)).toBe("{}");
  });

  it("released, keeps the report as JSON and builds its objects again when read", () => {
    const doc = northwind();
    const scored = scoreStored({ doc, revision: 1, versions: new Map() }, "2026-11-20");
    const { report } = scored;
    const kr = report.keyResults[0];
    if (!kr) throw new Error("northwind scored without key results");
    const body = scored.body;
    scored.release();
    expect(scored.body).toBe(body);
    expect(scored.report).not.toBe(report);
    expect(scored.report).toEqual(report);
    expect(scored.keyResults.get(kr.id)).toEqual(kr);
    expect(scored.stored.doc).toBe(doc); // a document read from a PUT or rows has nothing to rebuild it from
  });
});

describe("cached reports through the API", () => {
  it("a check-in, a patch and a replaced cascade each show in the next report", async () => {
    const doc = northwind();
    const token = await workspaceWith("cached", doc);
    const asOf = "2026-11-20";
    const reportPath = `/v1/workspaces/cached/report?asOf=${asOf}`;
    const first = await callJson(reportPath, { token });
    expect(first.body).toEqual(scoreCascade(doc, asOf));
    expect(first.headers.get("cache-status")).toBe("cascade; fwd=miss; detail=scored"); // the PUT's document
    expect((await callJson(reportPath, { token })).body).toEqual(first.body); // served from the cache

    // A check-in moves the key result and everything above it.
    const kr = doc.keyResults.find((k) => k.id === "kr-q4-new-logos");
    if (!kr) throw new Error("northwind lost kr-q4-new-logos");
    const posted = await callJson("/v1/workspaces/cached/key-results/kr-q4-new-logos/check-ins", {
      token,
      body: { date: "2026-11-19", value: 40, confidence: 9, note: "two big deals closed" },
    });
    expect(posted.status).toBe(201);
    kr.checkIns = [
      ...(kr.checkIns ?? []),
      { date: "2026-11-19", value: 40, confidence: 9, note: "two big deals closed" },
    ];
    const afterCheckIn = await callJson(reportPath, { token });
    expect(afterCheckIn.body).toEqual(scoreCascade(doc, asOf));
    expect(afterCheckIn.body).not.toEqual(first.body);

    // A patch of the key result's target.
    const patched = await callJson("/v1/workspaces/cached/key-results/kr-q4-new-logos", {
      method: "PATCH",
      token,
      body: { target: 60 },
    });
    expect(patched.status).toBe(200);
    kr.target = 60;
    const afterPatch = await callJson(reportPath, { token });
    expect(afterPatch.body).toEqual(scoreCascade(doc, asOf));
    expect(afterPatch.body).not.toEqual(afterCheckIn.body);

    // Read cold, as an isolate that holds nothing would (the revision moved on elsewhere): the PUT's
    // snapshot with the checked-in and patched key result replayed on top gives the same report.
    await env.DB.prepare("UPDATE workspaces SET revision = revision + 1 WHERE id = 'cached'").run();
    const cold = await callJson(reportPath, { token });
    expect(cold.headers.get("cache-status")).toBe("cascade; fwd=miss; detail=d1");
    expect(cold.body).toEqual(scoreCascade(doc, asOf));
    // The cold read kept its report as JSON and its document as the snapshot's text: a list built
    // from their objects next rebuilds them, with the same numbers.
    const listed = await callJson(`/v1/workspaces/cached/key-results?asOf=${asOf}&limit=100`, { token });
    const expected = scoreCascade(doc, asOf).keyResults.find((k) => k.id === "kr-q4-new-logos");
    const item = listed.body.items.find((i: { id: string }) => i.id === "kr-q4-new-logos");
    expect(item).toMatchObject({ target: 60, progress: expected?.progress, status: expected?.status });
    expect(listed.body.items).toHaveLength(doc.keyResults.length);

    // Another asOf is another report.
    expect((await callJson("/v1/workspaces/cached/report?asOf=2026-10-15", { token })).body).toEqual(
      scoreCascade(doc, "2026-10-15"),
    );

    // A replaced cascade.
    const tiny = tinyCascade("Replaced");
    const put = await callJson("/v1/workspaces/cached/cascade", { method: "PUT", token, body: tiny });
    expect(put.status).toBe(200);
    expect((await callJson(reportPath, { token })).body).toEqual(scoreCascade(tiny, asOf));
  });

  it("a PUT scores the cascade it stored: the report that follows reads no D1", async () => {
    const doc = northwind();
    const token = await workspaceWith("primed", doc);
    // Behind the worker's back, the stored key results go. A report read from D1 would lose them; the
    // report of today and of another day both come from the document the PUT had in hand.
    await env.DB.prepare("DELETE FROM key_results WHERE workspace_id = 'primed'").run();
    const reads = [
      ["/v1/workspaces/primed/report", "cascade; hit"],
      ["/v1/workspaces/primed/report?asOf=2026-10-15", "cascade; fwd=miss; detail=scored"],
    ];
    for (const [path, cacheStatus] of reads) {
      const report = await callJson(path as string, { token });
      expect(report.status).toBe(200);
      expect(report.headers.get("cache-status")).toBe(cacheStatus);
      expect(report.body).toEqual(scoreCascade(doc, report.body.asOf));
      expect(report.body.keyResults).toHaveLength(doc.keyResults.length);
    }
    // Once the revision moves on (another isolate wrote), the report is read from D1 again.
    await env.DB.prepare("UPDATE workspaces SET revision = revision + 1 WHERE id = 'primed'").run();
    const reread = await callJson("/v1/workspaces/primed/report", { token });
    expect(reread.headers.get("cache-status")).toBe("cascade; fwd=miss; detail=d1");
    expect(reread.body.keyResults).toEqual([]);
  });

  it("concurrent check-ins all show in the next report, whichever request wrote last", async () => {
    const doc = tinyCascade();
    const token = await workspaceWith("cached-race", doc);
    const days = ["2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05", "2026-02-06", "2026-02-09"];
    const posts = days.map((date, i) =>
      callJson("/v1/workspaces/cached-race/key-results/kr-a/check-ins?asOf=2026-02-10", {
        token,
        body: { date, value: 10 * (i + 1), confidence: 5 + (i % 5) },
      }),
    );
    for (const posted of await Promise.all(posts)) expect(posted.status).toBe(201);
    const kr = doc.keyResults.find((k) => k.id === "kr-a");
    if (!kr) throw new Error("tiny cascade lost kr-a");
    kr.checkIns = days.map((date, i) => ({ date, value: 10 * (i + 1), confidence: 5 + (i % 5) }));
    for (const asOf of ["2026-02-10", "2026-02-05"]) {
      const report = await callJson(`/v1/workspaces/cached-race/report?asOf=${asOf}`, { token });
      expect(report.body).toEqual(scoreCascade(doc, asOf));
    }
  });
});

describe("loadScoredCascade", () => {
  it("lets concurrent readers of one revision and day wait for one load", async () => {
    await workspaceWith("single-flight", northwind());
    const workspace = await getWorkspace(env.DB, "single-flight");
    if (workspace === null) throw new Error("no workspace");
    const cache = new ScoreCache();
    const loads = await Promise.all(
      Array.from({ length: 5 }, () =>
        loadScoredCascade(env.DB, workspace, "2026-11-20", undefined, { cache }),
      ),
    );
    const first = loads[0]?.scored;
    expect(first).toBeDefined();
    for (const load of loads) expect(load?.scored).toBe(first);
    // Once loaded, the next reader is a hit; a reader of another day loads again.
    expect((await loadScoredCascade(env.DB, workspace, "2026-11-20", undefined, { cache }))?.source).toBe(
      "hit",
    );
    const other = await loadScoredCascade(env.DB, workspace, "2026-11-21", undefined, { cache });
    expect(other?.scored).not.toBe(first);
  });
});

describe("concurrent report requests", () => {
  it("answer every one of them alike when they share one load of a cold revision", async () => {
    const token = await workspaceWith("fan-in", northwind());
    // Another isolate's write, as far as this one knows: the revision is not in its cache.
    await env.DB.prepare("UPDATE workspaces SET revision = revision + 1 WHERE id = 'fan-in'").run();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call("/v1/workspaces/fan-in/report?asOf=2026-11-20", { token })),
    );
    const bodies = await Promise.all(answers.map((a) => a.text()));
    for (const answer of answers) expect(answer.status).toBe(200);
    for (const body of bodies) expect(body).toBe(bodies[0]);
    expect(answers.map((a) => a.headers.get("cache-status"))).toContain("cascade; fwd=miss; detail=d1");
  });
});
