import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CYCLE, keyResult } from "../../tests/fixtures/document.ts";
import type { CheckIn } from "../model/document.ts";
import { DEFAULT_SETTINGS } from "../settings.ts";
import { forecastKeyResult, leastSquaresSlope } from "./forecast.ts";
import { scoreKeyResult } from "./key-result.ts";

// CYCLE runs 84 days from 2026-01-05 (day 0) to 2026-03-30 (day 84).
const score = (fields: Parameters<typeof keyResult>[1], asOf = "2026-02-16") =>
  scoreKeyResult(keyResult("k", fields), CYCLE, asOf, DEFAULT_SETTINGS);

const dayOfCycle = (n: number) => new Date(Date.UTC(2026, 0, 5 + n)).toISOString().slice(0, 10);

describe("forecast", () => {
  it("projects values 0, 10, 12 on days 0, 7, 14 of an 84-day cycle to 72 (DOMAIN §3)", () => {
    const s = score(
      {
        checkIns: [
          { date: "2026-01-05", value: 0 },
          { date: "2026-01-12", value: 10 },
          { date: "2026-01-19", value: 12 },
        ],
      },
      "2026-01-19",
    );
    // Slope 6/7 a day, from 12 on day 14: 12 + 6/7 × 70.
    expect(s.forecast?.value).toBeCloseTo(72, 9);
    expect(s.forecast?.progress).toBeCloseTo(0.72, 9);
  });

  it("starts from the latest check-in by date, whatever the array order", () => {
    const s = score(
      {
        checkIns: [
          { date: "2026-01-19", value: 12 },
          { date: "2026-01-05", value: 0 },
          { date: "2026-01-12", value: 10 },
        ],
      },
      "2026-01-19",
    );
    expect(s.forecast?.value).toBeCloseTo(72, 9);
  });

  it("starts from the later check-in of the array when the latest date has two", () => {
    // Points (0, 0), (14, 12), (14, 20): slope 8/7 a day, 70 days to go.
    const correctedUp = [
      { date: "2026-01-05", value: 0 },
      { date: "2026-01-19", value: 12 },
      { date: "2026-01-19", value: 20 },
    ];
    expect(score({ checkIns: correctedUp }, "2026-01-19").forecast?.value).toBeCloseTo(100, 9);
    const correctedDown = [correctedUp[0], correctedUp[2], correctedUp[1]] as CheckIn[];
    expect(score({ checkIns: correctedDown }, "2026-01-19").forecast?.value).toBeCloseTo(92, 9);
  });

  it("needs two distinct dates", () => {
    const s = score({
      checkIns: [
        { date: "2026-01-12", value: 10 },
        { date: "2026-01-12", value: 12 },
      ],
    });
    expect(s.forecast).toBeNull();
  });

  it("uses only check-ins inside the cycle and up to asOf, and clamps the projected progress", () => {
    const s = score(
      {
        checkIns: [
          { date: "2025-12-01", value: -500 },
          { date: "2026-01-05", value: 0 },
          { date: "2026-01-12", value: 50 },
          { date: "2026-03-01", value: -500 },
        ],
      },
      "2026-01-20",
    );
    expect(s.forecast?.value).toBeCloseTo(600, 9);
    expect(s.forecast?.progress).toBe(1);
  });

  it("is null once asOf reaches the cycle's end, when the current value is the outcome", () => {
    const checkIns = [
      { date: "2026-01-05", value: 0 },
      { date: "2026-03-29", value: 50 },
    ];
    expect(score({ checkIns }, "2026-03-29").forecast?.value).toBeCloseTo(50 + 50 / 83, 9);
    expect(score({ checkIns }, "2026-03-30").forecast).toBeNull();
    expect(score({ checkIns }, "2026-05-01").forecast).toBeNull();
  });

  it("projects a decrease the same way, from where it stands", () => {
    const s = score(
      {
        kind: "decrease",
        start: 100,
        target: 20,
        checkIns: [
          { date: "2026-01-05", value: 100 },
          { date: "2026-01-19", value: 86 },
        ],
      },
      "2026-01-19",
    );
    // One a day for 70 more days: 16, past the target.
    expect(s.forecast?.value).toBeCloseTo(16, 9);
    expect(s.forecast?.progress).toBe(1);
  });

  it("is null for ranges and milestones", () => {
    const checkIns = [
      { date: "2026-01-05", value: 1 },
      { date: "2026-01-12", value: 2 },
    ];
    expect(score({ kind: "range", low: 0, checkIns }).forecast).toBeNull();
    expect(
      score({ kind: "milestone", milestones: [{ title: "a", done: false }], checkIns }).forecast,
    ).toBeNull();
  });

  it("never forecasts a series whose values never decrease below its latest value", () => {
    const value = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constantFrom(0.1, 0.2, 0.3, 1 / 3),
    );
    const step = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.double({ min: 0, max: 1e3 }));
    const series = fc.record({
      first: value,
      points: fc.array(fc.record({ day: fc.integer({ min: 0, max: 83 }), step }), {
        minLength: 2,
        maxLength: 30,
      }),
      asOfDay: fc.integer({ min: 0, max: 83 }),
      kind: fc.constantFrom("increase", "decrease"),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(series, ({ first, points, asOfDay, kind, seed }) => {
        // Days in order, values the running sum of non-negative steps: never falling in date order.
        const days = points.map((p) => p.day).sort((a, b) => a - b);
        let v = first;
        const inOrder: CheckIn[] = days.map((d, i) => {
          v += points[i]?.step ?? 0;
          return { date: dayOfCycle(d), value: v };
        });
        // Any array order that keeps same-date check-ins in theirs.
        const checkIns = shuffleKeepingSameDates(inOrder, seed);
        const asOf = dayOfCycle(asOfDay);
        const kr = keyResult("k", { kind, start: kind === "increase" ? 0 : 100, target: 50, checkIns });
        const forecast = forecastKeyResult(kr, CYCLE, asOf);
        const latest = inOrder.filter((c) => c.date <= asOf).at(-1);
        if (forecast !== null) expect(forecast.value).toBeGreaterThanOrEqual(latest?.value as number);
      }),
    );
  });
});

describe("leastSquaresSlope", () => {
  it("is the slope of the least-squares line, whatever the order of the points", () => {
    expect(leastSquaresSlope([0, 7, 14], [0, 10, 12])).toBeCloseTo(6 / 7, 12);
    expect(leastSquaresSlope([14, 0, 7], [12, 0, 10])).toBe(leastSquaresSlope([0, 7, 14], [0, 10, 12]));
  });

  it("is exactly 0 for a flat series, with no rounding below it", () => {
    expect(leastSquaresSlope([0, 1, 5, 9], [0.1, 0.1, 0.1, 0.1])).toBe(0);
  });

  it("is null without two distinct x, or when the numbers overflow", () => {
    expect(leastSquaresSlope([3], [1])).toBeNull();
    expect(leastSquaresSlope([3, 3], [1, 2])).toBeNull();
    expect(leastSquaresSlope([0, 1], [-1.7e308, 1.7e308])).toBeNull();
  });
});

/** Shuffles whole dates (deterministically from `seed`), keeping the check-ins of one date in order. */
function shuffleKeepingSameDates(checkIns: readonly CheckIn[], seed: number): CheckIn[] {
  const byDate = new Map<string, CheckIn[]>();
  for (const c of checkIns) byDate.set(c.date, [...(byDate.get(c.date) ?? []), c]);
  const dates = [...byDate.keys()];
  let s = seed >>> 0 || 1;
  for (let i = dates.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) >>> 0;
    const j = s % (i + 1);
    [dates[i], dates[j]] = [dates[j] as string, dates[i] as string];
  }
  return dates.flatMap((d) => byDate.get(d) ?? []);
}
