import { describe, expect, it } from "vitest";
import { documentWith, keyResult } from "../../tests/fixtures/document.ts";
import type { KeyResult } from "../model/document.ts";
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
