/**
 * End to end: the pack's sync tables and CheckIn button through the SDK's executors with its real
 * fetcher (real HTTP, the connection's token in the Authorization header) against a local worker
 * (`wrangler dev`, local D1) seeded with the Northwind demo; rows are checked against the worker's
 * own report and retrospective. Each execution context carries the account's endpoint, the worker's URL, as Coda's do.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as coda from "@codahq/packs-sdk";
import {
  executeFormulaFromPackDef,
  executeSyncFormulaFromPackDef,
  executeUpdateFormulaFromPackDef,
  newRealFetcherExecutionContext,
  newRealFetcherSyncExecutionContext,
} from "@codahq/packs-sdk/dist/development";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CascadeDocument } from "../../core/model/document.ts";
import type { Agenda, FullReport, Retrospective } from "../../core/model/execution.ts";
import type { ScoreReport } from "../../core/model/report.ts";
import { type LocalWorker, root, startLocalWorker } from "../../scripts/local-worker.ts";
import { isoDay } from "./dates.ts";
import type { connectionName as ConnectionName } from "./helpers.ts";

// The pack is built for the throwaway worker's domain (as `CASCADE_WORKER_DOMAIN=127.0.0.1:<port>`
// would): the SDK's fetcher refuses any other host. Read when the pack loads.
const target = vi.hoisted(() => ({ domain: "" }));
vi.mock("./worker-domain.ts", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./worker-domain.ts")>()),
  get WORKER_DOMAIN() {
    return target.domain;
  },
}));

const AS_OF = "2026-11-20";
const at = (day: string) => new Date(`${day}T12:00:00Z`);

describe("the pack against a local worker", () => {
  let worker: LocalWorker;
  let pack: coda.BasicPackDefinition;
  let connectionName: typeof ConnectionName;
  let manifestPath: string;
  let token: string;
  let credentialsDir: string;
  const doc = JSON.parse(readFileSync(join(root, "examples", "northwind.json"), "utf8")) as CascadeDocument;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${worker.origin}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  // The SDK's local fetcher takes only https endpoints in credentials, so the endpoint Coda would hand
  // over goes on the context itself: the pack builds every URL from `context.endpoint`.
  const sync = (table: string, params: unknown[]) =>
    executeSyncFormulaFromPackDef(pack, table, params as never, {
      ...newRealFetcherSyncExecutionContext(pack, manifestPath),
      endpoint: worker.origin,
    });
  const run = (formula: string, params: unknown[]) =>
    executeFormulaFromPackDef(pack, formula, params as never, {
      ...newRealFetcherExecutionContext(pack, manifestPath),
      endpoint: worker.origin,
    });

  beforeAll(async () => {
    worker = await startLocalWorker();
    target.domain = new URL(worker.origin).host;
    token = await worker.createWorkspace("northwind", doc);
    // The SDK's real fetcher reads the connection's credentials from beside the manifest.
    credentialsDir = mkdtempSync(join(tmpdir(), "cascade-pack-"));
    manifestPath = join(credentialsDir, "pack.ts");
    writeFileSync(join(credentialsDir, ".coda-credentials.json"), JSON.stringify({ credentials: { token } }));
    pack = (await import("./pack.ts")).pack;
    connectionName = (await import("./helpers.ts")).connectionName;
  }, 180_000); // wrangler takes 40 to 90 s to start on a busy machine

  afterAll(async () => {
    await worker?.stop();
    if (credentialsDir) rmSync(credentialsDir, { recursive: true, force: true });
  });

  it("syncs the cascade with the worker's scores, every reference resolvable", async () => {
    const report = await api<ScoreReport>(`/v1/workspaces/northwind/report?asOf=${AS_OF}`);
    const [imperatives, goals, objectives, keyResults, alerts] = await Promise.all(
      ["Imperatives", "Goals", "Objectives", "KeyResults", "Alerts"].map((t) => sync(t, [at(AS_OF)])),
    );

    const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
    const krScores = byId(report.keyResults);
    expect(keyResults).toHaveLength(report.keyResults.length);
    for (const row of keyResults ?? []) {
      const score = krScores.get(String(row.Id));
      expect(score).toBeDefined();
      expect(row.Progress ?? null).toBe(score?.progress ?? null);
      expect(row.Expected).toBe(score?.expected);
      expect(row.Forecast).toBe(score?.forecast?.value);
    }
    const objectiveScores = byId(report.objectives);
    expect(objectives).toHaveLength(report.objectives.length);
    for (const row of objectives ?? [])
      expect(row.Score ?? null).toBe(objectiveScores.get(String(row.Id))?.score ?? null);
    expect((goals ?? []).map((g) => [g.Id, g.Score ?? null]).sort()).toEqual(
      report.goals.map((g) => [g.id, g.score]).sort(),
    );
    expect((imperatives ?? []).map((i) => [i.Id, i.Score ?? null]).sort()).toEqual(
      report.imperatives.map((i) => [i.id, i.score]).sort(),
    );
    expect(alerts).toHaveLength(report.alerts.length);

    // KeyResult → Objective → Goal → Imperative: every reference names a synced row.
    const ids = (rows: Array<Record<string, unknown>> | undefined) => new Set((rows ?? []).map((r) => r.Id));
    const [objectiveIds, goalIds, imperativeIds] = [ids(objectives), ids(goals), ids(imperatives)];
    // References read as names, the referenced rows' titles.
    const objectiveTitles = new Map(doc.objectives.map((o) => [o.id, o.title]));
    for (const kr of keyResults ?? []) {
      const objective = kr.Objective as { Id: string; Title: string };
      expect(objectiveIds.has(objective.Id)).toBe(true);
      expect(objective.Title).toBe(objectiveTitles.get(objective.Id));
    }
    for (const g of goals ?? []) expect(imperativeIds.has((g.Imperative as { Id: string }).Id)).toBe(true);
    for (const o of objectives ?? []) {
      const up = (o.Goal ?? o.Parent) as { Id: string } | undefined;
      expect(up && (goalIds.has(up.Id) || objectiveIds.has(up.Id))).toBe(true);
    }
  }, 60_000);

  it("syncs every check-in, one cycle's check-ins, and the weekly agenda", async () => {
    const checkIns = await sync("CheckIns", [undefined, undefined, undefined, "*"]);
    const expected = doc.keyResults.reduce((n, kr) => n + (kr.checkIns?.length ?? 0), 0);
    expect(checkIns).toHaveLength(expected);
    const q3 = doc.cycles.find((c) => c.id === "2026-Q3");
    const inQ3 = doc.keyResults.flatMap((kr) =>
      (kr.checkIns ?? []).filter((c) => q3 && c.date >= q3.start && c.date <= q3.end),
    );
    const q3Rows = await sync("CheckIns", [undefined, undefined, undefined, "2026-Q3"]);
    expect(q3Rows).toHaveLength(inQ3.length);
    expect(q3Rows.length).toBeLessThan(expected);
    for (const row of q3Rows)
      expect(String(row.Date) >= "2026-07-01" && String(row.Date) <= "2026-09-30").toBe(true);
    const agenda = await api<Agenda>(`/v1/workspaces/northwind/agenda?asOf=${AS_OF}`);
    const rows = await sync("Agenda", [at(AS_OF)]);
    expect(rows.map((r) => r.Subject)).toEqual(agenda.items.map((i) => i.subject));
  }, 60_000);

  it("syncs the execution layer as the worker's report has it, every reference named", async () => {
    const report = await api<FullReport>(`/v1/workspaces/northwind/report?asOf=${AS_OF}`);
    const [cycles, initiatives, health, moves] = await Promise.all(
      ["Cycles", "Initiatives", "HealthMetrics", "BudgetMoves"].map((t) => sync(t, [at(AS_OF)])),
    );
    expect(cycles?.map((c) => [c.Id, c.State, c.Current])).toEqual([
      ["2026-Q3", "Finished", false],
      ["2026-Q4", "In progress", true],
    ]);

    // The pipeline keeps to the cycle in progress on AsOf: Q4, as the report ranks and lines it.
    const q4 = report.initiatives.filter((i) => i.cycleId === "2026-Q4");
    expect(initiatives?.map((r) => r.Id).sort()).toEqual(q4.map((i) => i.id).sort());
    const lines = {
      above_line: "Above the line",
      below_line: "Below the line",
      admitted_by_trade_off: "Admitted by trade-off",
      dropped: "Dropped",
    };
    const krTitles = new Map(doc.keyResults.map((k) => [k.id, k.title]));
    for (const row of initiatives ?? []) {
      const scored = q4.find((i) => i.id === row.Id);
      expect(row).toMatchObject({
        Rank: scored?.rank,
        Priority: scored?.priority,
        CurrentBudget: scored?.currentBudget,
        Cycle: { Id: "2026-Q4", Title: "Q4 2026" },
      });
      expect(row.Line).toBe(scored?.line ? lines[scored.line] : undefined);
      for (const kr of (row.KeyResults as Array<{ Id: string; Title: string }> | undefined) ?? [])
        expect(kr.Title).toBe(krTitles.get(kr.Id));
    }

    expect(health?.map((r) => [r.Id, r.Value])).toEqual(
      [...report.health.metrics].sort((a, b) => (a.id < b.id ? -1 : 1)).map((m) => [m.id, m.value]),
    );
    const initiativeTitles = new Map((doc.initiatives ?? []).map((i) => [i.id, i.title]));
    expect(moves?.map((r) => r.Id).sort()).toEqual(report.reallocations.map((r) => r.id).sort());
    for (const row of moves ?? []) {
      const from = row.From as { Id: string; Title: string };
      expect(from.Title).toBe(initiativeTitles.get(from.Id));
    }

    // The retrospective of Q3, as the API's.
    const retro = await api<Retrospective>(`/v1/workspaces/northwind/cycles/2026-Q3/retro`);
    const rows = await sync("Retrospective", ["2026-Q3"]);
    expect(rows).toHaveLength(
      1 + retro.teams.length + retro.objectives.length + retro.carryOver.length + retro.notes.length,
    );
    expect(rows[0]).toMatchObject({
      Section: "Cycle",
      Score: retro.mean ?? undefined,
      Note: retro.readingText,
    });
  }, 60_000);

  it("checks in from a button once, even when pressed twice, and answers with the updated row", async () => {
    const id = "kr-q4-new-logos";
    // The button scores the row for today in the doc's timezone (the SDK's: America/Los_Angeles), so
    // the check-in is dated today, after every check-in of the demo.
    const today = isoDay(new Date(), "America/Los_Angeles");
    const before = await api<{ items: unknown[] }>(
      `/v1/workspaces/northwind/check-ins?keyResultId=${id}&limit=500`,
    );
    const press = () => run("CheckIn", [id, 41, 8, "Two enterprise deals signed", at(today), undefined]);
    const row = await press();
    await press();
    const after = await api<{ items: unknown[] }>(
      `/v1/workspaces/northwind/check-ins?keyResultId=${id}&limit=500`,
    );
    expect(after.items).toHaveLength(before.items.length + 1);
    const report = await api<ScoreReport>(`/v1/workspaces/northwind/report?asOf=${today}`);
    const score = report.keyResults.find((k) => k.id === id);
    expect(score?.current).toBe(41);
    expect(row).toMatchObject({ Id: id, Current: 41, Progress: score?.progress });
  }, 60_000);

  it("shows the worker's own message when it refuses, through the real fetcher", async () => {
    const error = await run("CheckIn", ["kr-that-does-not-exist", 1, 5, "note", at(AS_OF), undefined]).then(
      () => undefined,
      (e: Error) => e,
    );
    // The local fetcher's StatusCodeError carries the body only as raw text in `response.body`.
    expect((error?.cause as Error | undefined)?.message).toBe(
      "Not found in Cascade: key result not found. Sync the tables to see what exists now.",
    );
  }, 60_000);

  it("names the connection after the workspace and the worker it reaches", async () => {
    const name = await connectionName.execute([] as never, {
      ...newRealFetcherExecutionContext(pack, manifestPath),
      endpoint: worker.origin,
    });
    expect(name).toBe(`northwind (${new URL(worker.origin).host})`);
  }, 60_000);

  it("writes an owner edited in the doc with the synced version, and refuses a row gone stale", async () => {
    const kr = doc.keyResults.find((k) => k.kind === "increase" && k.id !== "kr-q4-new-logos");
    if (kr === undefined) throw new Error("the demo has no other increase key result");
    const synced = (await sync("KeyResults", [at(AS_OF)])).find((r) => r.Id === kr.id);
    const before = {
      id: kr.id,
      kind: synced?.Kind,
      owner: synced?.Owner,
      target: synced?.Target,
      version: synced?.Version,
    };
    const edit = (owner: string) =>
      executeUpdateFormulaFromPackDef(
        pack,
        "KeyResults",
        [at(AS_OF)] as never,
        { ...newRealFetcherSyncExecutionContext(pack, manifestPath), endpoint: worker.origin } as never,
        [{ previousValue: before, newValue: { ...before, owner }, updatedFields: ["owner"] }],
      );
    const first = (await edit("Priya Raman")).result as unknown as Array<Record<string, unknown>>;
    expect(first[0]).toMatchObject({ outcome: "success", finalValue: { id: kr.id, owner: "Priya Raman" } });
    // Another doc that has not synced since edits the same row: refused, not overwritten.
    const second = (await edit("Someone Else")).result as unknown as Array<{
      outcome: string;
      error?: Error;
    }>;
    expect(second[0]?.outcome).toBe("error");
    expect(second[0]?.error?.message).toMatch(
      /^The key result changed in Cascade since this doc read it \(.+\)\. Sync the table and try again\.$/,
    );
    const stored = await api<{ owner?: string }>(
      `/v1/workspaces/northwind/key-results/${kr.id}?asOf=${AS_OF}`,
    );
    expect(stored.owner).toBe("Priya Raman");
  }, 60_000);

  it("records the next check-in edited in the doc once, even retried, and refuses what the worker refuses", async () => {
    // The table is synced for today (no AsOf), as the doc that checks in sees it: the check-in is dated
    // today in the doc's timezone (the SDK's: America/Los_Angeles), inside Q4 and after the demo's.
    const today = isoDay(new Date(), "America/Los_Angeles");
    const rows = await sync("KeyResults", []);
    const rowOf = (id: string) => {
      const synced = rows.find((r) => r.Id === id);
      if (synced === undefined) throw new Error(`no row ${id}`);
      return {
        id,
        kind: synced.Kind,
        owner: synced.Owner,
        current: synced.Current,
        confidence: synced.Confidence,
        version: synced.Version,
      };
    };
    const update = (
      before: Record<string, unknown>,
      changes: Record<string, unknown>,
      manifest = manifestPath,
    ) =>
      executeUpdateFormulaFromPackDef(
        pack,
        "KeyResults",
        [] as never,
        { ...newRealFetcherSyncExecutionContext(pack, manifest), endpoint: worker.origin } as never,
        [{ previousValue: before, newValue: { ...before, ...changes }, updatedFields: Object.keys(changes) }],
      ).then((r) => r.result as unknown as Array<{ outcome: string; finalValue?: object; error?: Error }>);
    const checkInsOf = async (id: string) =>
      (
        await api<{ items: Array<Record<string, unknown>> }>(
          `/v1/workspaces/northwind/check-ins?keyResultId=${id}&limit=500`,
        )
      ).items;

    const id = "kr-q4-pipeline-value";
    const before = rowOf(id);
    const count = (await checkInsOf(id)).length;
    const next = {
      nextValue: 2_400_000,
      nextNote: "Two enterprise deals entered the pipeline",
      confidence: 9,
    };
    const first = await update(before, next);
    // Coda retries an update whose answer it did not get: the same row, the same values.
    const retried = await update(before, next);
    const after = await checkInsOf(id);
    expect(after).toHaveLength(count + 1);
    expect(after.at(-1)).toMatchObject({
      date: today,
      value: 2_400_000,
      confidence: 9,
      note: "Two enterprise deals entered the pipeline",
      source: "coda",
    });
    for (const outcome of [first[0], retried[0]]) {
      expect(outcome).toMatchObject({
        outcome: "success",
        finalValue: { id, current: 2_400_000, confidence: 9, version: expect.any(Number) },
      });
      expect(outcome?.finalValue).not.toHaveProperty("nextValue");
    }
    const stored = await api<{ confidence: number | null; current: number | null; version: number }>(
      `/v1/workspaces/northwind/key-results/${id}?asOf=${today}`,
    );
    expect(stored).toMatchObject({ confidence: 9, current: 2_400_000 });
    expect(stored.version).toBeGreaterThan(Number(before.version));

    // Another doc that has not synced since sets a confidence on the same row: refused, not recorded.
    const stale = await update(before, { confidence: 4 });
    expect(stale[0]?.outcome).toBe("error");
    expect(stale[0]?.error?.message).toBe(
      `The key result changed in Cascade since this doc read it (the key result is at version ${stored.version}). Sync the table and try again.`,
    );
    expect(await checkInsOf(id)).toHaveLength(count + 1);

    // Q3 has ended: a check-in dated today is outside its cycle, in the worker's own words.
    const outside = await update(rowOf("kr-q3-new-logos"), { nextValue: 26 });
    expect(outside[0]?.error?.message).toBe(
      "Cascade rejected the request: date: expected a day of the key result's cycle 2026-Q3, 2026-07-01 to 2026-09-30.",
    );

    // A viewer's token may read the table but not check in.
    const viewerManifest = await connectAs("viewer");
    const refused = await update(rowOf("kr-q4-sql-volume"), { confidence: 5 }, viewerManifest);
    expect(refused[0]?.error?.message).toBe(
      "This Cascade token may not do that: a viewer cannot change anything: this needs the member or admin role.",
    );
  }, 60_000);

  /** The manifest path of a connection with a new person's token of this role (credentials beside it). */
  async function connectAs(role: "viewer" | "member"): Promise<string> {
    const post = async (path: string, body?: unknown) => {
      const response = await fetch(`${worker.origin}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, string>;
    };
    const person = await post("/v1/workspaces/northwind/people", {
      name: `A ${role}`,
      email: `${role}@northwind.example`,
      role,
    });
    const issued = await post(`/v1/workspaces/northwind/people/${person.id}/tokens`);
    const dir = join(credentialsDir, role);
    mkdirSync(dir);
    writeFileSync(
      join(dir, ".coda-credentials.json"),
      JSON.stringify({ credentials: { token: issued.token } }),
    );
    return join(dir, "pack.ts");
  }
});
