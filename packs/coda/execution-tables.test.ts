/**
 * The execution layer's sync tables (cycles, the pipeline, health metrics, budget moves, the
 * retrospective) and the check-ins' date window, through the SDK's executors against the fake worker:
 * every request they make is asserted, path and query, in order.
 */
import * as coda from "@codahq/packs-sdk";
import {
  executeMetadataFormula,
  executeSyncFormulaFromPackDef,
  newMockSyncExecutionContext,
} from "@codahq/packs-sdk/dist/development";
import { describe, expect, it } from "vitest";
import { daysBefore, isoDay } from "./dates.ts";
import { ENDPOINT, fakeWorker, isTitlesLookup, ORIGIN, type Route } from "./fake-worker.ts";
import { pack } from "./pack.ts";
import { area, cycle, finishedCycle, owner, team } from "./sync-tables/parameters.ts";
import type { CycleRow, HealthMetricRow, InitiativeRow, ReallocationRow, Retrospective } from "./types.ts";

const AS_OF = "2026-11-20";
const at = (day: string) => new Date(`${day}T12:00:00Z`);
const syncContext = () => newMockSyncExecutionContext({ endpoint: ENDPOINT });
/** Today as the mock context's doc sees it (its timezone: America/Los_Angeles). */
const today = () => isoDay(new Date(), syncContext().timezone);

/** A request as path and query, e.g. `/v1/workspaces/acme/cycles?asOf=2026-11-20&limit=500`. */
const asked = (request: coda.FetchRequest) => {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
};
/** The requests a table made for its rows and defaults (not the titles of what it references). */
const own = (requests: coda.FetchRequest[]) => requests.filter((r) => !isTitlesLookup(r)).map(asked);

const page = (items: unknown[], nextCursor: string | null = null) => ({ body: { items, nextCursor } });

function cycleItem(id: string, fields: Partial<CycleRow> = {}): CycleRow {
  return {
    id,
    title: id,
    start: "2026-10-01",
    end: "2026-12-31",
    expected: 0.55,
    state: "in_progress",
    current: false,
    objectives: 4,
    keyResults: 12,
    initiatives: 6,
    ...fields,
  };
}

const CYCLES = [
  cycleItem("2026-Q3", {
    title: "Q3 2026",
    start: "2026-07-01",
    end: "2026-09-30",
    expected: 1,
    state: "finished",
  }),
  cycleItem("2026-Q4", { title: "Q4 2026", current: true }),
  cycleItem("2027-Q1", { start: "2027-01-01", end: "2027-03-31", expected: 0, state: "upcoming" }),
];

function initiativeItem(id: string, fields: Partial<InitiativeRow> = {}): InitiativeRow {
  return {
    id,
    title: `Initiative ${id}`,
    type: "technical",
    team: "platform",
    cycleId: "2026-Q4",
    owner: "Dana Okafor <dana@acme.com>",
    committed: true,
    size: 13,
    costOfDelay: 27,
    priority: 27 / 13,
    rank: 3,
    teamRank: 1,
    line: "admitted_by_trade_off",
    tradeOffId: "tr-1",
    status: "at_risk",
    keyResultIds: ["kr-1"],
    dependsOn: ["kr-1", "ini-analytics"],
    blockedBy: ["kr-1"],
    budget: 90_000,
    currentBudget: 200_000,
    teamName: "Platform Engineering",
    value: 13,
    timeCriticality: 8,
    riskReduction: 6,
    capacity: 30,
    overCapacity: false,
    tradeOff: {
      id: "tr-1",
      cycleId: "2026-Q4",
      team: "platform",
      admitted: id,
      dropped: ["ini-analytics"],
      decidedBy: "Erik Sandberg",
      date: "2026-11-16",
      reason: "Failover first.",
    },
    ...fields,
  };
}

/** The worker's lists for the tables' own reads: cycles, and whatever a test adds. */
const lists =
  (extra: Record<string, unknown[]>): Route =>
  (url) => {
    const resource = url.pathname.replace("/v1/workspaces/acme/", "");
    if (resource === "cycles") return page(CYCLES);
    const items = extra[resource];
    return items === undefined ? undefined : page(items);
  };

describe("Cycles", () => {
  it("reads the cycles on AsOf and links each to the dashboard, finished ones to their retro", async () => {
    const context = syncContext();
    const requests = fakeWorker(context, lists({}));
    const rows = await executeSyncFormulaFromPackDef(pack, "Cycles", [at(AS_OF)], context);
    expect(own(requests)).toEqual(["/v1/me", `/v1/workspaces/acme/cycles?asOf=${AS_OF}&limit=500`]);
    expect(rows.map((r) => [r.Id, r.Title, r.State, r.Current, r.Elapsed])).toEqual([
      ["2026-Q3", "Q3 2026", "Finished", false, 1],
      ["2026-Q4", "Q4 2026", "In progress", true, 0.55],
      ["2027-Q1", "2027-Q1", "Upcoming", false, 0],
    ]);
    expect(rows[0]).toMatchObject({
      Link: `${ORIGIN}/dashboard?asOf=${AS_OF}&cycle=2026-Q3`,
      Retro: `${ORIGIN}/dashboard/retro/2026-Q3?asOf=${AS_OF}`,
    });
    expect(rows[1]?.Retro).toBeUndefined();
  });
});

describe("Initiatives", () => {
  it("keeps to the cycle in progress on AsOf, found once for every page of the sync", async () => {
    const context = syncContext();
    const requests = fakeWorker(context, (url) => {
      if (url.pathname.endsWith("/cycles")) return page(CYCLES);
      if (!url.pathname.endsWith("/initiatives")) return undefined;
      return url.searchParams.get("cursor") === null
        ? page([initiativeItem("ini-failover")], "c1")
        : page([initiativeItem("ini-analytics", { line: "dropped", rank: 9, tradeOffId: "tr-1" })]);
    });
    const rows = await executeSyncFormulaFromPackDef(pack, "Initiatives", [at(AS_OF)], context);
    expect(own(requests)).toEqual([
      "/v1/me",
      `/v1/workspaces/acme/cycles?asOf=${AS_OF}&limit=500`,
      `/v1/workspaces/acme/initiatives?cycleId=2026-Q4&asOf=${AS_OF}&limit=500`,
      `/v1/workspaces/acme/initiatives?cycleId=2026-Q4&asOf=${AS_OF}&limit=500&cursor=c1`,
    ]);
    expect(rows.map((r) => [r.Id, r.Rank, r.Line, r.OnLine])).toEqual([
      ["ini-failover", 3, "Admitted by trade-off", true],
      ["ini-analytics", 9, "Dropped", false],
    ]);
    expect(rows[0]).toMatchObject({
      Title: "Initiative ini-failover",
      Type: "Technical",
      Cycle: { Id: "2026-Q4", Title: "Q4 2026" },
      KeyResults: [{ Id: "kr-1", Title: "Activation rate" }],
      OwnerPerson: { Name: "Dana Okafor", Email: "dana@acme.com" },
      Status: "At risk",
      TeamName: "Platform Engineering",
      Capacity: 30,
      OverCapacity: false,
      DependsOn: "kr-1, ini-analytics",
      BlockedBy: "kr-1",
      TradeOff: "tr-1",
      TradeOffReason: "Failover first.",
      DecidedBy: "Erik Sandberg",
      Link: `${ORIGIN}/dashboard/execution?asOf=${AS_OF}&cycle=2026-Q4&team=platform#initiative-ini-failover`,
    });
    expect(rows[0]?.Priority).toBeCloseTo(27 / 13);
  });

  it("asks for the cycle, team and owner given, and for every cycle with *", async () => {
    const context = syncContext();
    const requests = fakeWorker(context, lists({ initiatives: [] }));
    await executeSyncFormulaFromPackDef(
      pack,
      "Initiatives",
      [at(AS_OF), "2026-Q3", " growth ", "Tomás Reyes"],
      context,
    );
    await executeSyncFormulaFromPackDef(pack, "Initiatives", [at(AS_OF), "*"], context);
    expect(own(requests).filter((r) => r.includes("/initiatives"))).toEqual([
      `/v1/workspaces/acme/initiatives?cycleId=2026-Q3&team=growth&owner=Tom%C3%A1s%20Reyes&asOf=${AS_OF}&limit=500`,
      `/v1/workspaces/acme/initiatives?asOf=${AS_OF}&limit=500`,
    ]);
    // A cycle given is not looked up: the worker says whether it exists.
    expect(own(requests).filter((r) => r.includes("/cycles"))).toEqual([]);
  });

  it("defaults to today in the doc's timezone without AsOf, and asks for every cycle when there is none", async () => {
    const context = syncContext();
    const requests = fakeWorker(context, (url) =>
      url.pathname.endsWith("/cycles")
        ? page([])
        : url.pathname.endsWith("/initiatives")
          ? page([])
          : undefined,
    );
    await executeSyncFormulaFromPackDef(pack, "Initiatives", [], context);
    expect(own(requests)).toEqual([
      "/v1/me",
      `/v1/workspaces/acme/cycles?asOf=${today()}&limit=500`,
      `/v1/workspaces/acme/initiatives?asOf=${today()}&limit=500`,
    ]);
  });

  it("shows the worker's refusal of a cycle it does not have", async () => {
    const context = syncContext();
    fakeWorker(context, (url) =>
      url.pathname.endsWith("/initiatives")
        ? { status: 404, body: { error: { code: "not_found", message: "cycle not found" } } }
        : undefined,
    );
    await expect(
      executeSyncFormulaFromPackDef(pack, "Initiatives", [at(AS_OF), "2030-Q1"], context),
    ).rejects.toThrow("Not found in Cascade: cycle not found.");
  });
});

describe("HealthMetrics", () => {
  const metric = (id: string, fields: Partial<HealthMetricRow>): HealthMetricRow => ({
    id,
    title: id,
    area: "culture",
    direction: "higher_is_better",
    green: 30,
    red: 10,
    value: 21,
    date: "2026-11-16",
    status: "yellow",
    worsening: false,
    previous: { date: "2026-11-09", value: 25 },
    change: "worse",
    ...fields,
  });

  it("reads one area's metrics, with the core's worsening rule ahead of the last move", async () => {
    const context = syncContext();
    const requests = fakeWorker(
      context,
      lists({
        "health-metrics": [
          metric("hm-enps", { worsening: true }),
          metric("hm-pulse", { change: "better" }),
          metric("hm-new", { value: null, date: null, status: null, previous: null, change: null }),
        ],
      }),
    );
    const rows = await executeSyncFormulaFromPackDef(pack, "HealthMetrics", [at(AS_OF), "Culture"], context);
    expect(own(requests)).toEqual([
      "/v1/me",
      `/v1/workspaces/acme/health-metrics?area=culture&asOf=${AS_OF}&limit=500`,
    ]);
    expect(rows.map((r) => [r.Id, r.Area, r.Status, r.Value, r.Trend, r.Previous])).toEqual([
      ["hm-enps", "Culture", "Yellow", 21, "Worsening", 25],
      ["hm-pulse", "Culture", "Yellow", 21, "Better", 25],
      ["hm-new", "Culture", undefined, undefined, undefined, undefined],
    ]);
    expect(rows[0]?.Link).toBe(`${ORIGIN}/dashboard/execution?asOf=${AS_OF}#metric-hm-enps`);
  });
});

describe("BudgetMoves", () => {
  const move = (id: string, fields: Partial<ReallocationRow> = {}): ReallocationRow => ({
    id,
    date: "2026-11-17",
    from: "ini-analytics",
    to: "ini-failover",
    amount: 110_000,
    scale: "major",
    approvedBy: null,
    applied: true,
    fromBudgetAfter: 10_000,
    cycleId: "2026-Q4",
    lint: [
      {
        code: "unapproved_reallocation",
        severity: "warning",
        message: "Moves 110000 from ini-analytics to ini-failover without an approver.",
      },
    ],
    ...fields,
  });

  it("names both initiatives, flags a major move without an approver, and keeps to the cycle in progress", async () => {
    const context = syncContext();
    const requests = fakeWorker(
      context,
      lists({
        reallocations: [
          move("rea-1"),
          move("rea-2", { scale: "micro", amount: 2000, approvedBy: "Council", lint: [], from: "ini-gone" }),
        ],
      }),
    );
    const rows = await executeSyncFormulaFromPackDef(
      pack,
      "BudgetMoves",
      [at(AS_OF), undefined, "platform"],
      context,
    );
    expect(own(requests)).toEqual([
      "/v1/me",
      `/v1/workspaces/acme/cycles?asOf=${AS_OF}&limit=500`,
      `/v1/workspaces/acme/reallocations?cycleId=2026-Q4&team=platform&asOf=${AS_OF}&limit=500`,
    ]);
    expect(rows[0]).toMatchObject({
      Label: "Usage analytics v2 → Multi-region failover: 110,000",
      From: { Id: "ini-analytics", Title: "Usage analytics v2" },
      To: { Id: "ini-failover", Title: "Multi-region failover" },
      Cycle: { Id: "2026-Q4", Title: "Q4 2026" },
      Scale: "Major",
      NeedsApproval: true,
      Findings: "Moves 110000 from ini-analytics to ini-failover without an approver.",
      Link: `${ORIGIN}/dashboard/execution?asOf=${AS_OF}&cycle=2026-Q4#move-rea-1`,
    });
    expect(rows[1]).toMatchObject({
      Label: "ini-gone → Multi-region failover: 2,000",
      From: { Id: "ini-gone", Title: "ini-gone" },
      Scale: "Micro",
      ApprovedBy: "Council",
      NeedsApproval: false,
    });
    expect(rows[1]?.Findings).toBeUndefined();
  });
});

describe("Retrospective", () => {
  function retro(fields: Partial<Retrospective> = {}): Retrospective {
    return {
      organization: "Acme",
      cycleId: "2026-Q3",
      cycleName: "Q3 2026",
      start: "2026-07-01",
      end: "2026-09-30",
      asOf: "2026-09-30",
      objectives: [
        {
          id: "obj-1",
          title: "Land mid-market logos",
          team: "growth",
          owner: "ana@acme.com",
          score: 0.72,
          grade: "green",
          status: "on_track",
        },
      ],
      teams: [{ team: "growth", objectives: 1, score: 0.72, grade: "green" }],
      mean: 0.65,
      reading: "stretch_zone",
      readingText: "Mean 0.65. In the 0.6–0.7 stretch zone.",
      carryOver: [
        {
          id: "kr-1",
          title: "Activation rate",
          objectiveId: "obj-1",
          owner: null,
          progress: 0.4,
          status: "off_track",
        },
      ],
      notes: [
        { date: "2026-08-03", keyResultId: "kr-1", keyResultTitle: "Activation rate", note: "Slow start." },
        { date: "2026-08-03", keyResultId: "kr-1", keyResultTitle: "Activation rate", note: "Fixed it." },
      ],
      ...fields,
    };
  }

  const retroRoute =
    (answer: Retrospective): Route =>
    (url) => {
      if (url.pathname.endsWith("/cycles")) return page(CYCLES);
      if (url.pathname === "/v1/workspaces/acme/cycles/2026-Q3/retro") return { body: answer };
      return undefined;
    };

  it("shows the latest cycle to have ended, part by part, each row keeping its identity", async () => {
    const context = syncContext();
    const requests = fakeWorker(context, retroRoute(retro()));
    const rows = await executeSyncFormulaFromPackDef(pack, "Retrospective", [], context);
    expect(own(requests)).toEqual([
      "/v1/me",
      `/v1/workspaces/acme/cycles?asOf=${today()}&limit=500`,
      `/v1/workspaces/acme/cycles/2026-Q3/retro?asOf=${today()}`,
    ]);
    expect(rows.map((r) => [r.Order, r.Section, r.Id, r.Score ?? r.Progress, r.Grade])).toEqual([
      [1, "Cycle", "2026-Q3|cycle|2026-Q3", 0.65, "Yellow"],
      [2, "Team", "2026-Q3|team|growth", 0.72, "Green"],
      [3, "Objective", "2026-Q3|objective|obj-1", 0.72, "Green"],
      [4, "Carry-over", "2026-Q3|carry-over|kr-1", 0.4, undefined],
      [5, "Learning", "2026-Q3|note|kr-1|2026-08-03", undefined, undefined],
      [6, "Learning", "2026-Q3|note|kr-1|2026-08-03|2", undefined, undefined],
    ]);
    expect(rows[0]).toMatchObject({
      Reading: "Stretch zone",
      Note: "Mean 0.65. In the 0.6–0.7 stretch zone.",
      Cycle: { Id: "2026-Q3", Title: "Q3 2026" },
      Link: `${ORIGIN}/dashboard/retro/2026-Q3`,
    });
    expect(rows[2]).toMatchObject({ OwnerPerson: { Email: "ana@acme.com" }, Status: "On track" });
    expect(rows[3]).toMatchObject({
      Objective: { Id: "obj-1", Title: "Land mid-market logos" },
      KeyResult: { Id: "kr-1", Title: "Activation rate" },
      Status: "Off track",
    });
    expect(rows[5]).toMatchObject({ Date: "2026-08-03", Note: "Fixed it." });
  });

  it("arrives over several invocations when a cycle's notes are many", async () => {
    const context = syncContext();
    const notes = Array.from({ length: 600 }, (_, n) => ({
      date: "2026-08-03",
      keyResultId: `kr-${n}`,
      keyResultTitle: `KR ${n}`,
      note: `note ${n}`,
    }));
    const requests = fakeWorker(context, retroRoute(retro({ notes })));
    const rows = await executeSyncFormulaFromPackDef(pack, "Retrospective", ["2026-Q3"], context);
    expect(rows).toHaveLength(4 + 600);
    expect(new Set(rows.map((r) => r.Id)).size).toBe(rows.length);
    expect(own(requests).filter((r) => r.includes("/retro"))).toHaveLength(2);
  });

  it("refuses a cycle still running, or unknown, before asking for its retro; and says when none has ended", async () => {
    const context = syncContext();
    const requests = fakeWorker(context, retroRoute(retro()));
    await expect(executeSyncFormulaFromPackDef(pack, "Retrospective", ["2026-Q4"], context)).rejects.toThrow(
      "Q4 2026 runs until 2026-12-31: its retrospective is ready the day after. Pick a cycle that has ended.",
    );
    await expect(executeSyncFormulaFromPackDef(pack, "Retrospective", ["2030-Q1"], context)).rejects.toThrow(
      'This Cascade has no cycle "2030-Q1".',
    );
    expect(own(requests).filter((r) => r.includes("/retro"))).toEqual([]);

    const early = syncContext();
    fakeWorker(early, (url) => (url.pathname.endsWith("/cycles") ? page([CYCLES[1]]) : undefined));
    const error = await executeSyncFormulaFromPackDef(pack, "Retrospective", [], early).then(
      () => undefined,
      (e: Error) => e.cause,
    );
    expect(error).toBeInstanceOf(coda.UserVisibleError);
    expect((error as Error).message).toBe(
      `No cycle of this Cascade has ended by ${today()}: a cycle's retrospective is ready the day after it ends.`,
    );
  });
});

describe("CheckIns keep to a date window", () => {
  it("counts days back across months and years", () => {
    expect(daysBefore("2026-03-01", 1)).toBe("2026-02-28");
    expect(daysBefore("2026-01-15", 89)).toBe("2025-10-18");
    expect(daysBefore("2028-03-01", 1)).toBe("2028-02-29");
  });

  const checkIns = (context: ReturnType<typeof syncContext>) =>
    fakeWorker(context, lists({ "check-ins": [] }));
  const checkInReads = (requests: coda.FetchRequest[]) =>
    own(requests).filter((r) => r.includes("/check-ins"));

  it("reads the last 90 days up to today in the doc's timezone by default", async () => {
    const context = syncContext();
    const requests = checkIns(context);
    await executeSyncFormulaFromPackDef(pack, "CheckIns", [], context);
    expect(checkInReads(requests)).toEqual([
      `/v1/workspaces/acme/check-ins?from=${daysBefore(today(), 89)}&limit=500`,
    ]);
  });

  it("reads the days given, the cycle's days, or every check-in for *", async () => {
    const context = syncContext();
    const requests = checkIns(context);
    const sync = (params: unknown[]) =>
      executeSyncFormulaFromPackDef(pack, "CheckIns", params as never, context);
    await sync(["kr-1", at("2026-11-01"), at("2026-11-15")]);
    await sync([undefined, undefined, at("2026-09-30")]);
    await sync([undefined, undefined, undefined, "2026-Q3"]);
    await sync([undefined, at("2026-08-01"), undefined, "2026-Q3"]);
    await sync([undefined, undefined, undefined, "*"]);
    expect(checkInReads(requests)).toEqual([
      "/v1/workspaces/acme/check-ins?keyResultId=kr-1&from=2026-11-01&to=2026-11-15&limit=500",
      "/v1/workspaces/acme/check-ins?from=2026-07-03&to=2026-09-30&limit=500",
      "/v1/workspaces/acme/check-ins?from=2026-07-01&to=2026-09-30&limit=500",
      "/v1/workspaces/acme/check-ins?from=2026-08-01&to=2026-09-30&limit=500",
      "/v1/workspaces/acme/check-ins?limit=500",
    ]);
    await expect(sync([undefined, undefined, undefined, "2030-Q1"])).rejects.toThrow(
      'This Cascade has no cycle "2030-Q1". Pick one of its cycles, or * for every check-in.',
    );
  });

  it("keeps the window of its first page on every later one", async () => {
    const context = syncContext();
    const requests = fakeWorker(context, (url) => {
      if (url.pathname.endsWith("/cycles")) return page(CYCLES);
      if (!url.pathname.endsWith("/check-ins")) return undefined;
      const item = (id: string) => ({ id, keyResultId: "kr-1", date: "2026-08-03", value: 1 });
      return url.searchParams.get("cursor") === null ? page([item("1")], "c1") : page([item("2")]);
    });
    const rows = await executeSyncFormulaFromPackDef(
      pack,
      "CheckIns",
      [undefined, undefined, undefined, "2026-Q3"],
      context,
    );
    expect(rows.map((r) => r.Id)).toEqual(["1", "2"]);
    expect(own(requests)).toEqual([
      "/v1/me",
      `/v1/workspaces/acme/cycles?asOf=${today()}&limit=500`,
      "/v1/workspaces/acme/check-ins?from=2026-07-01&to=2026-09-30&limit=500",
      "/v1/workspaces/acme/check-ins?from=2026-07-01&to=2026-09-30&limit=500&cursor=c1",
    ]);
  });
});

describe("parameters autocomplete from the cascade", () => {
  const optionsOf = async (param: { autocomplete?: coda.MetadataFormula }, search = "") => {
    const context = syncContext();
    const requests = fakeWorker(
      context,
      lists({
        initiatives: [
          initiativeItem("ini-failover"),
          initiativeItem("ini-playbook", { team: "growth", teamName: "growth", owner: "Tomás Reyes" }),
          initiativeItem("ini-hris", { team: "people", teamName: "People & Culture", owner: null }),
        ],
      }),
    );
    if (param.autocomplete === undefined) throw new Error("no autocomplete");
    const options = await executeMetadataFormula(param.autocomplete, { search }, context);
    return { options, requests };
  };

  it("offers the cycles, the current one first, and every cycle", async () => {
    const { options, requests } = await optionsOf(cycle);
    expect(options).toEqual([
      { display: "Q4 2026 (current, in progress)", value: "2026-Q4" },
      { display: "2027-Q1 (upcoming)", value: "2027-Q1" },
      { display: "Q3 2026 (finished)", value: "2026-Q3" },
      { display: "All cycles", value: "*" },
    ]);
    const list = requests.find((r) => r.url.includes("/cycles"));
    expect(asked(list as coda.FetchRequest)).toBe(`/v1/workspaces/acme/cycles?asOf=${today()}&limit=500`);
    expect(list?.cacheTtlSecs).toBe(60);
    expect((await optionsOf(cycle, "q3")).options).toEqual([
      { display: "Q3 2026 (finished)", value: "2026-Q3" },
    ]);
  });

  it("offers a retrospective only the cycles that have ended", async () => {
    expect((await optionsOf(finishedCycle)).options).toEqual([
      { display: "Q3 2026 (finished)", value: "2026-Q3" },
    ]);
  });

  it("offers the teams and owners of the pipeline, and the six health areas", async () => {
    expect((await optionsOf(team)).options).toEqual([
      { display: "growth", value: "growth" },
      { display: "People & Culture (people)", value: "people" },
      { display: "Platform Engineering (platform)", value: "platform" },
    ]);
    expect((await optionsOf(owner)).options).toEqual([
      { display: "Dana Okafor <dana@acme.com>", value: "Dana Okafor <dana@acme.com>" },
      { display: "Tomás Reyes", value: "Tomás Reyes" },
    ]);
    const areas = (await optionsOf(area)).options as Array<{ value: string }>;
    expect(areas.map((a) => a.value)).toEqual([
      "growth",
      "operations",
      "finance",
      "talent",
      "culture",
      "innovation",
    ]);
  });

  it("gives every table with a cycle filter the same autocomplete", () => {
    for (const name of ["Initiatives", "BudgetMoves", "CheckIns", "Retrospective"]) {
      const table = pack.syncTables.find((t) => t.name === name);
      const param = table?.getter.parameters.find((p) => p.name === "cycle");
      expect(param?.autocomplete, name).toBeDefined();
      expect(param?.optional).toBe(true);
    }
  });
});

describe("the execution tables look like Coda's own and reference the cascade's", () => {
  const table = (name: string) => {
    const found = pack.syncTables.find((t) => t.name === name);
    if (found === undefined) throw new Error(`no table ${name}`);
    return found.schema.properties as Record<string, Record<string, unknown>>;
  };
  const reference = (identity: string) => ({
    codaType: coda.ValueHintType.Reference,
    displayProperty: "Title",
    identity: { name: identity },
  });

  it("draws shares as bars, codes as chips, and links every row", () => {
    const bar = { codaType: coda.ValueHintType.ProgressBar, minimum: 0, maximum: 1 };
    expect(table("Cycles").Elapsed).toMatchObject(bar);
    expect(table("Retrospective").Score).toMatchObject(bar);
    expect(table("Retrospective").Progress).toMatchObject(bar);
    const chips = (options: string[]) => ({ codaType: coda.ValueHintType.SelectList, options });
    expect(table("Initiatives").Line).toMatchObject(
      chips(["Above the line", "Admitted by trade-off", "Below the line", "Dropped"]),
    );
    expect(table("Initiatives").Type).toMatchObject(
      chips(["Business", "Technical", "Competency", "Operational", "Tech debt"]),
    );
    expect(table("HealthMetrics").Area).toMatchObject(
      chips(["Growth", "Operations", "Finance", "Talent", "Culture", "Innovation"]),
    );
    expect(table("HealthMetrics").Trend).toMatchObject(chips(["Worsening", "Worse", "Steady", "Better"]));
    expect(table("BudgetMoves").Scale).toMatchObject(chips(["Micro", "Major"]));
    expect(table("Cycles").State).toMatchObject(chips(["Upcoming", "In progress", "Finished"]));
    for (const name of ["Cycles", "Initiatives", "HealthMetrics", "BudgetMoves", "Retrospective"])
      expect(table(name).Link).toMatchObject({ codaType: coda.ValueHintType.Url });
    for (const name of ["Initiatives", "Retrospective"])
      expect(table(name).OwnerPerson).toMatchObject({ codaType: coda.ValueHintType.Person });
  });

  it("references key results, objectives, cycles and initiatives by their identities", () => {
    expect(table("Initiatives").KeyResults).toMatchObject({ items: reference("KeyResult") });
    expect(table("Initiatives").Cycle).toMatchObject(reference("Cycle"));
    expect(table("BudgetMoves").From).toMatchObject(reference("Initiative"));
    expect(table("BudgetMoves").To).toMatchObject(reference("Initiative"));
    expect(table("Retrospective").Objective).toMatchObject(reference("Objective"));
    expect(table("Retrospective").KeyResult).toMatchObject(reference("KeyResult"));
    const identities = pack.syncTables.map((t) => t.identityName);
    for (const identity of ["Cycle", "Initiative", "HealthMetric", "BudgetMove", "RetroItem"])
      expect(identities).toContain(identity);
  });
});
