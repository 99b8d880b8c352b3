import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentWith, keyResult } from "../../tests/fixtures/document.ts";
import type { CheckIn, KeyResult } from "../model/document.ts";
import { scoreCascade } from "../report.ts";
import { worsensTwiceInARow } from "./weekly-trend.ts";

const ASOF = "2026-02-16"; // a Monday, day 42 of 84

function alertsFor(fields: Partial<KeyResult>, asOf = ASOF) {
  const report = scoreCascade(documentWith({ keyResults: [keyResult("k", fields)] }), asOf);
  return report.alerts.map((a) => [a.code, a.severity]);
}

const weekly = (values: number[], from = "2026-01-26") =>
  values.map((value, i) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 7 * i);
    return { date: d.toISOString().slice(0, 10), value, confidence: 7 };
  });

describe("key-result alerts", () => {
  it("raises off_track (high) for an off-track KR", () => {
    expect(alertsFor({ checkIns: weekly([10, 11, 12, 13]) })).toContainEqual(["off_track", "high"]);
  });

  it("raises nothing for a healthy, fresh, confident KR", () => {
    expect(alertsFor({ checkIns: weekly([20, 30, 40, 50]) })).toEqual([]);
  });

  it("raises forecast_shortfall when the projection ends below the on-track threshold", () => {
    // 0 on day 0 rising 5 a week: 60 at day 84, 60% of target.
    const checkIns = weekly([0, 5, 10, 15, 20, 25, 30], "2026-01-05");
    expect(alertsFor({ checkIns }, "2026-02-16")).toContainEqual(["forecast_shortfall", "medium"]);
  });

  it("raises low_confidence from the latest check-in at or below the threshold", () => {
    const checkIns = [{ date: "2026-02-09", value: 60, confidence: 3 }];
    expect(alertsFor({ checkIns })).toContainEqual(["low_confidence", "medium"]);
    expect(alertsFor({ checkIns: [{ date: "2026-02-09", value: 60, confidence: 4 }] })).toEqual([]);
  });

  it("raises stale_check_in after more than staleAfterDays days, and for none while the cycle runs", () => {
    expect(alertsFor({ checkIns: [{ date: "2026-02-02", value: 60 }] })).toEqual([]); // 14 days
    expect(alertsFor({ checkIns: [{ date: "2026-02-01", value: 60 }] })).toContainEqual([
      "stale_check_in",
      "medium",
    ]);
    expect(alertsFor({ current: 60 })).toContainEqual(["stale_check_in", "medium"]);
    expect(alertsFor({ kind: "milestone", milestones: [{ title: "m", done: true }] })).toEqual([]);
  });

  it("raises lead_declining when a lead measure worsens two weeks in a row", () => {
    const lead = { measure: "lead", current: undefined } as const;
    expect(alertsFor({ ...lead, checkIns: weekly([60, 55, 50]) })).toContainEqual(["lead_declining", "high"]);
    expect(alertsFor({ ...lead, checkIns: weekly([60, 55, 55]) })).not.toContainEqual([
      "lead_declining",
      "high",
    ]);
    expect(
      alertsFor({ ...lead, kind: "decrease", start: 100, target: 0, checkIns: weekly([30, 40, 50]) }),
    ).toContainEqual(["lead_declining", "high"]);
    expect(alertsFor({ measure: "lag", checkIns: weekly([60, 55, 50]) })).not.toContainEqual([
      "lead_declining",
      "high",
    ]);
  });

  it("raises nothing outside a cycle in progress", () => {
    expect(alertsFor({ current: 0 }, "2026-04-15")).toEqual([]);
    expect(alertsFor({}, "2026-01-01")).toEqual([]);
  });
});

describe("source_conflict", () => {
  const bound = { title: "Revenue", unit: "k€", source: { type: "coda" } } as const;
  const conflicts = (fields: Partial<KeyResult>, asOf = ASOF) =>
    scoreCascade(documentWith({ keyResults: [keyResult("k", { ...bound, ...fields })] }), asOf).alerts.filter(
      (a) => a.code === "source_conflict",
    );

  it("is raised (medium) when a check-in and the key result's source give different values for one day", () => {
    const checkIns = [
      { date: "2026-02-10", value: 120, source: "coda" },
      { date: "2026-02-10", value: 118, confidence: 7 },
    ];
    expect(conflicts({ checkIns })).toEqual([
      {
        code: "source_conflict",
        severity: "medium",
        subject: "k",
        message:
          "Revenue: on 2026-02-10 Coda gave 120 k€ but a check-in says 118 k€ (1 day in conflict). Correct the source or record the agreed value.",
      },
    ]);
  });

  it("names the latest day in conflict and counts every such day, in one alert", () => {
    const checkIns = [
      { date: "2026-02-12", value: 130, source: "notion" },
      { date: "2026-02-03", value: 90 },
      { date: "2026-02-12", value: 125, source: "api" },
      { date: "2026-02-03", value: 100, source: "notion" },
      { date: "2026-02-06", value: 110, source: "notion" },
      { date: "2026-02-06", value: 110 },
    ];
    const [alert, ...more] = conflicts({ source: { type: "notion" }, unit: undefined, checkIns });
    expect(more).toEqual([]);
    expect(alert?.message).toBe(
      "Revenue: on 2026-02-12 Notion gave 130 but a check-in says 125 (2 days in conflict). Correct the source or record the agreed value.",
    );
  });

  it("resolves when someone records, that day, a check-in agreeing with the source", () => {
    const checkIns = [
      { date: "2026-02-10", value: 118 },
      { date: "2026-02-10", value: 120, source: "coda" },
    ];
    expect(conflicts({ checkIns })).toHaveLength(1);
    expect(conflicts({ checkIns: [...checkIns, { date: "2026-02-10", value: 120 }] })).toEqual([]);
  });

  it("resolves when the source is corrected so its latest value that day agrees", () => {
    const checkIns = [
      { date: "2026-02-10", value: 120, source: "coda" },
      { date: "2026-02-10", value: 118 },
    ];
    expect(
      conflicts({ checkIns: [...checkIns, { date: "2026-02-10", value: 118, source: "coda" }] }),
    ).toEqual([]);
  });

  it("treats values that differ by floating-point rounding only as agreeing", () => {
    const checkIns = [
      { date: "2026-02-10", value: 0.1 + 0.2, source: "coda" },
      { date: "2026-02-10", value: 0.3 },
    ];
    expect(conflicts({ checkIns })).toEqual([]);
  });

  it("compares days, not the latest values: a source and a check-in on different days never conflict", () => {
    const checkIns = [
      { date: "2026-02-09", value: 120, source: "coda" },
      { date: "2026-02-10", value: 118 },
    ];
    expect(conflicts({ checkIns })).toEqual([]);
  });

  it("ignores check-ins without a value, and check-ins dated after asOf or outside the cycle", () => {
    expect(
      conflicts({
        checkIns: [
          { date: "2026-02-10", value: 120, source: "coda" },
          { date: "2026-02-10", confidence: 2 },
          { date: "2026-02-20", value: 1, source: "coda" },
          { date: "2026-02-20", value: 2 },
          { date: "2026-01-02", value: 1, source: "coda" },
          { date: "2026-01-02", value: 2 },
        ],
      }),
    ).toEqual([]);
  });

  it("needs a key result bound to Coda or Notion", () => {
    const checkIns = [
      { date: "2026-02-10", value: 120, source: "coda" },
      { date: "2026-02-10", value: 118 },
    ];
    expect(conflicts({ source: { type: "manual" }, checkIns })).toEqual([]);
    expect(conflicts({ source: undefined, checkIns })).toEqual([]);
  });

  it("goes by date, not array order: check-ins shuffled across dates give the same alert", () => {
    const checkIn = fc.record({
      date: fc.constantFrom("2026-02-09", "2026-02-10", "2026-02-11"),
      value: fc.integer({ min: 118, max: 120 }),
      source: fc.constantFrom("coda", "coda", "api", undefined),
    });
    let raised = 0;
    fc.assert(
      fc.property(fc.array(checkIn, { maxLength: 10 }), fc.integer(), (raw, seed) => {
        const checkIns = raw.map(({ source, ...c }) => (source === undefined ? c : { ...c, source }));
        const sorted = [...checkIns].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
        const alerts = conflicts({ checkIns: shuffleDates(checkIns, seed) });
        raised += alerts.length;
        expect(alerts).toEqual(conflicts({ checkIns: sorted }));
      }),
    );
    expect(raised).toBeGreaterThan(0);
  });

  it("is raised only while the key result's cycle is in progress", () => {
    const checkIns = [
      { date: "2026-02-10", value: 120, source: "coda" },
      { date: "2026-02-10", value: 118 },
    ];
    expect(conflicts({ checkIns }, "2026-04-01")).toEqual([]);
  });
});

describe("worsensTwiceInARow", () => {
  it("takes the last value of each ISO week (Monday to Sunday)", () => {
    const points = [
      { date: "2026-01-05", value: 9 }, // Monday, week 1
      { date: "2026-01-11", value: 10 }, // Sunday, still week 1: its last value
      { date: "2026-01-12", value: 9 },
      { date: "2026-01-19", value: 8 },
    ];
    expect(worsensTwiceInARow(points, "2026-01-20", "higher_is_better")).toBe(true);
    const flat = [{ date: "2026-01-11", value: 8.5 }, ...points.slice(2)];
    expect(worsensTwiceInARow(flat, "2026-01-20", "higher_is_better")).toBe(false);
  });

  it("needs the three latest weeks with values to be consecutive", () => {
    const gap = [
      { date: "2026-01-05", value: 10 },
      { date: "2026-01-12", value: 9 },
      { date: "2026-01-26", value: 8 },
    ];
    expect(worsensTwiceInARow(gap, "2026-02-01", "higher_is_better")).toBe(false);
  });

  it("ignores values dated after asOf", () => {
    const points = [
      { date: "2026-01-05", value: 10 },
      { date: "2026-01-12", value: 9 },
      { date: "2026-01-19", value: 8 },
    ];
    expect(worsensTwiceInARow(points, "2026-01-18", "higher_is_better")).toBe(false);
    expect(worsensTwiceInARow(points, "2026-01-19", "lower_is_better")).toBe(false);
  });
});

/** The check-ins with their dates in a shuffled order (from `seed`); those of one date keep their order. */
function shuffleDates(checkIns: readonly CheckIn[], seed: number): CheckIn[] {
  const dates = [...new Set(checkIns.map((c) => c.date))];
  let s = seed >>> 0 || 1;
  for (let i = dates.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) >>> 0;
    const j = s % (i + 1);
    [dates[i], dates[j]] = [dates[j] as string, dates[i] as string];
  }
  return dates.flatMap((d) => checkIns.filter((c) => c.date === d));
}
