import { describe, expect, it } from "vitest";
import { CYCLE, keyResult } from "../../tests/fixtures/document.ts";
import type { KeyResult } from "../model/document.ts";
import { DEFAULT_SETTINGS } from "../settings.ts";
import { currentValue, invalidReason, scoreKeyResult, statusWithConfidence } from "./key-result.ts";

const score = (fields: Parameters<typeof keyResult>[1], asOf = "2026-02-16") =>
  scoreKeyResult(keyResult("k", fields), CYCLE, asOf, DEFAULT_SETTINGS);

describe("currentValue", () => {
  it("takes the latest check-in with a value dated on or before asOf", () => {
    const checkIns = [
      { date: "2026-01-12", value: 10 },
      { date: "2026-01-26", value: 30 },
      { date: "2026-01-19", value: 20 },
      { date: "2026-02-02", value: 99 },
    ];
    expect(currentValue({ checkIns }, "2026-01-30")).toBe(30);
  });

  it("prefers the later check-in of the array on the same date", () => {
    const checkIns = [
      { date: "2026-01-12", value: 10 },
      { date: "2026-01-12", value: 12 },
    ];
    expect(currentValue({ checkIns }, "2026-01-12")).toBe(12);
  });

  it("skips check-ins without a value, then falls back to the current field, then to null", () => {
    expect(
      currentValue({ checkIns: [{ date: "2026-01-12", confidence: 5 }], current: 7 }, "2026-02-01"),
    ).toBe(7);
    expect(currentValue({ checkIns: [{ date: "2026-03-01", value: 5 }] }, "2026-02-01")).toBeNull();
    expect(currentValue({}, "2026-02-01")).toBeNull();
  });
});

describe("attainment and progress", () => {
  it("reports a decrease that overshoots its target unclamped: 100 → 60 reaching 50 is 1.25", () => {
    const s = score({ kind: "decrease", start: 100, target: 60, current: 50 });
    expect(s.attainment).toBe(1.25);
    expect(s.progress).toBe(1);
    expect(s.status).toBe("done");
  });

  it("stays finite when the numbers span the whole float range", () => {
    const s = score({ start: -1e308, target: 1e308, current: 1.7e308 });
    expect(s.attainment).toBeCloseTo(1.35, 12);
    expect(s.progress).toBe(1);
    expect(s.status).toBe("done");
  });

  it("clamps progress of an increase below its start to 0", () => {
    const s = score({ start: 20, target: 120, current: 10 });
    expect(s.attainment).toBeCloseTo(-0.1, 12);
    expect(s.progress).toBe(0);
  });

  it("scores a range by the share of in-cycle check-ins inside its bounds", () => {
    const s = score({
      kind: "range",
      start: undefined,
      target: undefined,
      low: 95,
      high: 100,
      checkIns: [
        { date: "2026-01-01", value: 10 }, // before the cycle: not counted
        { date: "2026-01-12", value: 96 },
        { date: "2026-01-19", value: 94 },
        { date: "2026-01-26", value: 100 },
        { date: "2026-02-02", value: 99 },
        { date: "2026-03-02", value: 0 }, // after asOf: not counted
      ],
    });
    expect(s.attainment).toBe(0.75);
    expect(s.progress).toBe(0.75);
    expect(s.status).toBe("on_track");
  });

  it("scores a range with no in-cycle check-ins by its current value alone", () => {
    expect(score({ kind: "range", low: 1, current: 3 }).attainment).toBe(1);
    const outside = score({ kind: "range", high: 2, current: 3 });
    expect(outside.attainment).toBe(0);
    expect(outside.status).toBe("off_track");
  });

  it("weighs milestones (default weight 1)", () => {
    const s = score({
      kind: "milestone",
      milestones: [
        { title: "a", done: true, weight: 3 },
        { title: "b", done: false },
        { title: "c", done: true, weight: 0 },
      ],
    });
    expect(s.attainment).toBe(0.75);
    expect(s.current).toBeNull();
    expect(s.status).not.toBe("no_data");
  });

  it("gives attainment null and progress 0 when there is no data", () => {
    const s = score({});
    expect(s).toMatchObject({ current: null, attainment: null, progress: 0, status: "no_data" });
  });
});

describe("invalid key results", () => {
  it.each([
    ["increase without target", { kind: "increase", start: 0, target: undefined }],
    ["decrease without start", { kind: "decrease", start: undefined, target: 5 }],
    ["start equal to target", { kind: "increase", start: 5, target: 5 }],
    ["increase with target below start", { kind: "increase", start: 10, target: 5 }],
    ["decrease with target above start", { kind: "decrease", start: 5, target: 10 }],
    ["range with neither bound", { kind: "range" }],
    ["range with low above high", { kind: "range", low: 5, high: 1 }],
    ["milestone without milestones", { kind: "milestone", milestones: [] }],
    [
      "milestone weights summing to 0",
      { kind: "milestone", milestones: [{ title: "a", done: true, weight: 0 }] },
    ],
  ] as const)("rejects a %s", (_, fields) => {
    const kr = keyResult("k", { ...(fields as Partial<KeyResult>), current: 3 });
    expect(invalidReason(kr)).toEqual(expect.any(String));
    const s = scoreKeyResult(kr, CYCLE, "2026-02-16", DEFAULT_SETTINGS);
    expect(s).toMatchObject({ status: "invalid", progress: null, attainment: null, forecast: null });
  });

  it("explains target equal to start in words a doc user understands", () => {
    expect(invalidReason(keyResult("k", { start: 4, target: 4 }))).toBe(
      "target equals start (4): progress is undefined",
    );
  });
});

describe("status", () => {
  // 2026-02-16 is day 42 of the 84-day cycle: expected 0.5.
  it("compares progress with the expected pace", () => {
    expect(score({ current: 45 }).status).toBe("on_track"); // ratio 0.9
    expect(score({ current: 44 }).status).toBe("at_risk"); // 0.88
    expect(score({ current: 30 }).status).toBe("at_risk"); // 0.6
    expect(score({ current: 29 }).status).toBe("off_track"); // 0.58
    expect(score({ current: 100 }).status).toBe("done");
  });

  it("is not_started before the cycle starts with no progress, and on_track with early progress", () => {
    expect(score({ current: 0 }, "2026-01-01").status).toBe("not_started");
    expect(score({ current: 5 }, "2026-01-01").status).toBe("on_track");
  });

  it("caps on_track at at_risk when the latest check-in carries low confidence", () => {
    const checkIns = [{ date: "2026-02-09", value: 60, confidence: 3 }];
    expect(score({ checkIns }).status).toBe("at_risk");
    expect(score({ checkIns: [{ date: "2026-02-09", value: 60, confidence: 4 }] }).status).toBe("on_track");
  });

  it("reads confidence only from the latest check-in dated on or before asOf", () => {
    const checkIns = [
      { date: "2026-02-02", value: 50, confidence: 2 },
      { date: "2026-02-09", value: 60 },
      { date: "2026-02-20", value: 61, confidence: 1 },
    ];
    expect(score({ checkIns }).status).toBe("on_track");
  });

  it("does not lift off_track or done with confidence", () => {
    expect(score({ current: 10, checkIns: [{ date: "2026-02-09", confidence: 10 }] }).status).toBe(
      "off_track",
    );
    expect(score({ checkIns: [{ date: "2026-02-09", value: 100, confidence: 0 }] }).status).toBe("done");
  });

  it("ignores check-ins dated after asOf", () => {
    const s = score({ checkIns: [{ date: "2026-03-01", value: 100 }] });
    expect(s.status).toBe("no_data");
  });
});

describe("statusWithConfidence", () => {
  it("turns on track into at risk at or below the low confidence, and nothing else", () => {
    expect(statusWithConfidence("on_track", 3, DEFAULT_SETTINGS)).toBe("at_risk");
    expect(statusWithConfidence("on_track", 3.5, DEFAULT_SETTINGS)).toBe("on_track");
    expect(statusWithConfidence("on_track", undefined, DEFAULT_SETTINGS)).toBe("on_track");
    expect(statusWithConfidence("on_track", 5, { ...DEFAULT_SETTINGS, lowConfidence: 5 })).toBe("at_risk");
    for (const status of ["done", "not_started", "at_risk", "off_track"] as const) {
      expect(statusWithConfidence(status, 0, DEFAULT_SETTINGS)).toBe(status);
    }
  });

  it("is the cap a scored key result gets from its latest check-in dated on or before asOf", () => {
    const kr = keyResult("kr", {
      checkIns: [
        { date: "2026-02-01", value: 50, confidence: 2 },
        { date: "2026-02-10", confidence: 8 },
      ],
    });
    const status = (asOf: string) => scoreKeyResult(kr, CYCLE, asOf, DEFAULT_SETTINGS, 0.5).status;
    expect(status("2026-02-05")).toBe("at_risk");
    expect(status("2026-02-10")).toBe("on_track");
  });
});
