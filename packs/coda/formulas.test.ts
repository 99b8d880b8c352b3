/**
 * The pack's formulas run through the packs SDK's own executor (parameter and result validation
 * included) and must give the core's numbers for the same inputs: generated inputs drive both.
 */
import * as coda from "@codahq/packs-sdk";
import { executeFormulaFromPackDef, newMockExecutionContext } from "@codahq/packs-sdk/dist/development";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { costOfDelay, wsjf } from "../../core/execution/wsjf.ts";
import type { KeyResult } from "../../core/model/document.ts";
import { expectedProgress } from "../../core/scoring/expected.ts";
import { forecastKeyResult } from "../../core/scoring/forecast.ts";
import { invalidReason, scoreKeyResult } from "../../core/scoring/key-result.ts";
import { gradeOf } from "../../core/scoring/pace.ts";
import { weightedMean } from "../../core/scoring/roll-up.ts";
import { DEFAULT_SETTINGS } from "../../core/settings.ts";
import { ENDPOINT, exampleRoutes, fakeWorker } from "./fake-worker.ts";
import { pack } from "./pack.ts";

// biome-ignore lint/suspicious/noExplicitAny: the executor takes each formula's own parameter tuple
const run = (name: string, params: any[]) => executeFormulaFromPackDef(pack, name, params as never);

/** Noon UTC of a day: the same calendar day in the mock context's timezone (America/Los_Angeles). */
const at = (day: string) => new Date(`${day}T12:00:00Z`);
const BASE = Date.UTC(2026, 0, 1);
const dayArb = (max: number) =>
  fc.integer({ min: 0, max }).map((n) => new Date(BASE + n * 86_400_000).toISOString().slice(0, 10));
const value = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);

const kr = (fields: Partial<KeyResult>): KeyResult => ({
  id: "kr",
  objectiveId: "objective",
  title: "",
  kind: "increase",
  ...fields,
});

describe("formulas give the core's numbers", () => {
  it("KRProgress and KRAttainment for increase, decrease and range key results", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("increase", "decrease", "range"),
        value,
        value,
        value,
        async (kind, start, target, current) => {
          const fields: Partial<KeyResult> =
            kind === "range" ? { kind, low: start, high: target, current } : { kind, start, target, current };
          const reason = invalidReason(kr(fields));
          const progress = run("KRProgress", [kind, start, target, current]);
          if (reason !== null) {
            await expect(progress).rejects.toThrow(reason.slice(1));
            return;
          }
          const score = scoreKeyResult(kr(fields), undefined, "2000-01-01", DEFAULT_SETTINGS, 0);
          expect(await progress).toBe(score.progress);
          expect(await run("KRAttainment", [kind, start, target, current])).toBe(score.attainment);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("ExpectedProgress for any cycle and day", async () => {
    await fc.assert(
      fc.asyncProperty(
        dayArb(400),
        fc.integer({ min: 0, max: 120 }),
        dayArb(600),
        async (start, length, asOf) => {
          const end = new Date(Date.parse(start) + length * 86_400_000).toISOString().slice(0, 10);
          expect(await run("ExpectedProgress", [at(start), at(end), at(asOf)])).toBe(
            expectedProgress({ start, end }, asOf),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("RollUp as the weighted mean the core takes (blank counts 0, weight 0 leaves out)", async () => {
    const score = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(score, fc.option(fc.constantFrom(0, 0.5, 1, 2, 3), { nil: undefined })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (pairs) => {
          const scores = pairs.map(([s]) => s);
          const weights = pairs.map(([, w]) => w);
          const expected = weightedMean(
            pairs.map(([s, w], i) => ({ key: String(i).padStart(6, "0"), score: s ?? 0, weight: w ?? 1 })),
          );
          const result = run("RollUp", [scores, weights]);
          if (expected === null) await expect(result).rejects.toThrow("Nothing to roll up");
          else expect(await result).toBe(expected);
        },
      ),
      { numRuns: 150 },
    );
    // DOMAIN's worked example.
    expect(await run("RollUp", [[0.27, 0.18, 0.73]])).toBeCloseTo(0.39, 2);
  });

  it("Grade at and around its thresholds", async () => {
    for (const s of [0, 0.39, 0.4, 0.69, 0.7, 1]) {
      expect((await run("Grade", [s])).toLowerCase()).toBe(gradeOf(s));
    }
  });

  it("Forecast and ForecastProgress as the core's least-squares projection", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(dayArb(89), fc.integer({ min: 0, max: 200 })), { minLength: 2, maxLength: 10 }),
        dayArb(120),
        async (points, asOf) => {
          const cycle = { id: "c", start: "2026-01-01", end: "2026-03-31" };
          const checkIns = points.map(([date, v]) => ({ date, value: v }));
          const core = forecastKeyResult(kr({ start: 0, target: 150, checkIns }), cycle, asOf);
          const params = [
            points.map(([d]) => at(d)),
            points.map(([, v]) => v),
            at(cycle.start),
            at(cycle.end),
          ];
          const result = run("ForecastProgress", [...params, 0, 150, at(asOf)]);
          if (core === null) {
            await expect(result).rejects.toThrow(
              asOf >= cycle.end ? "there is nothing left to forecast" : "at least two different days",
            );
            return;
          }
          expect(await result).toBe(core.progress);
          expect(await run("Forecast", [...params, at(asOf)])).toBe(
            forecastKeyResult(kr({ start: 0, target: 1, checkIns }), cycle, asOf)?.value,
          );
        },
      ),
      { numRuns: 100 },
    );
    // DOMAIN's worked example: 0, 10, 12 on days 0, 7, 14 of an 84-day cycle: slope 6/7, from the
    // latest value, 12 + 6/7 × 70 = 72.
    const dates = ["2026-01-01", "2026-01-08", "2026-01-15"].map(at);
    expect(
      await run("Forecast", [dates, [0, 10, 12], at("2026-01-01"), at("2026-03-26"), at("2026-01-15")]),
    ).toBeCloseTo(72, 9);
  });

  it("PipelinePriority and CostOfDelay as WSJF", async () => {
    const criterion = fc.integer({ min: 0, max: 21 });
    await fc.assert(
      fc.asyncProperty(
        criterion,
        criterion,
        criterion,
        fc.integer({ min: 1, max: 21 }),
        async (v, t, r, size) => {
          const initiative = { value: v, timeCriticality: t, riskReduction: r, size };
          expect(await run("PipelinePriority", [v, t, r, size])).toBe(wsjf(initiative));
          expect(await run("CostOfDelay", [v, t, r])).toBe(costOfDelay(initiative));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("RangeAttainment, InRange and MilestoneProgress as the core scores range and milestone key results", async () => {
    const bound = fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.integer({ min: -20, max: 120 }), { nil: undefined }), {
          minLength: 1,
          maxLength: 8,
        }),
        bound,
        bound,
        async (values, low, high) => {
          const fields = {
            kind: "range" as const,
            ...(low === undefined ? {} : { low }),
            ...(high === undefined ? {} : { high }),
          };
          const reason = invalidReason(kr(fields));
          const result = run("RangeAttainment", [values, low, high]);
          const checkIns = values.flatMap((v) => (v === undefined ? [] : [{ date: "2000-01-01", value: v }]));
          if (reason !== null) {
            await expect(result).rejects.toThrow(reason.slice(1));
            return;
          }
          const core = scoreKeyResult(
            kr({ ...fields, checkIns }),
            undefined,
            "2000-01-01",
            DEFAULT_SETTINGS,
            0,
          );
          if (core.attainment === null) await expect(result).rejects.toThrow("no values");
          else expect(await result).toBe(core.attainment);
          const first = checkIns[0]?.value;
          if (first !== undefined) {
            const inside = scoreKeyResult(
              kr({ ...fields, current: first }),
              undefined,
              "2000-01-01",
              DEFAULT_SETTINGS,
              0,
            );
            expect(await run("InRange", [first, low, high])).toBe(inside.status === "on_track");
          }
        },
      ),
      { numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom(0, 1, 2, 5)), { minLength: 1, maxLength: 6 }),
        async (milestones) => {
          const fields = {
            kind: "milestone" as const,
            milestones: milestones.map(([done, weight], i) => ({ title: `m${i}`, done, weight })),
          };
          const result = run("MilestoneProgress", [milestones.map(([d]) => d), milestones.map(([, w]) => w)]);
          const reason = invalidReason(kr(fields));
          if (reason !== null) await expect(result).rejects.toThrow(reason.slice(1));
          else
            expect(await result).toBe(
              scoreKeyResult(kr(fields), undefined, "2000-01-01", DEFAULT_SETTINGS, 0).progress,
            );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("KRStatus as the core's status against pace, with the confidence cap", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
        async (progress, expected, confidence) => {
          const core = scoreKeyResult(
            kr({
              start: 0,
              target: 2,
              checkIns: [
                {
                  date: "2000-01-01",
                  value: 2 * progress,
                  ...(confidence === undefined ? {} : { confidence }),
                },
              ],
            }),
            undefined,
            "2000-01-01",
            DEFAULT_SETTINGS,
            expected,
          );
          const label = await run("KRStatus", [progress, expected, confidence]);
          expect(label.toLowerCase().replace(/ /g, "_")).toBe(core.status);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("bad arguments read as sentences a doc user understands", () => {
  it.each([
    ["KRProgress", ["increase", 5, 5, 3], "Target equals start (5): progress is undefined."],
    ["KRProgress", ["increase", 10, 5, 3], "An increase needs start < target (start 10, target 5)."],
    ["KRProgress", ["sideways", 0, 5, 3], 'Unknown kind "sideways": expected increase, decrease or range.'],
    ["KRAttainment", ["increase", 0, 5, undefined], "There is no current value yet"],
    ["Grade", [50], "score: expected a number from 0 to 1, got 50"],
    ["Grade", [-0.1], "score: expected a number from 0 to 1, got -0.1"],
    ["RollUp", [[0.5, 0.6], [1]], "weights: expected one per item of scores (2), got 1"],
    ["RollUp", [[0.5], [-1]], "weights #1: expected a number of 0 or more, got -1"],
    ["RollUp", [[0.5, 70]], "scores #2: expected a number from 0 to 1, got 70"],
    [
      "MilestoneProgress",
      [
        [true, false],
        [1, -2],
      ],
      "weights #2: expected a number of 0 or more, got -2",
    ],
    ["MilestoneProgress", [[true, false], [1]], "weights: expected one per item of done (2), got 1"],
    ["PipelinePriority", [1, 2, 3, 0], "size: expected a number greater than 0, got 0"],
    ["CostOfDelay", [-1, 2, 3], "value: expected a number of 0 or more, got -1"],
    [
      "ExpectedProgress",
      [at("2026-03-01"), at("2026-01-01"), at("2026-02-01")],
      "The cycle ends (2026-01-01) before it starts (2026-03-01).",
    ],
    ["KRStatus", [0.5, 1.5], "expected: expected a number from 0 to 1, got 1.5"],
    ["KRStatus", [1.5, 0.5], "progress: expected a number from 0 to 1, got 1.5"],
    ["KRStatus", [0.5, 0.5, 11], "confidence: expected a number from 0 to 10, got 11"],
    ["KRStatus", [0.5, 0.5, 5, 0.5, 0.6], "atRisk: expected at most onTrack (0.5), got 0.6"],
    ["KRStatus", [0.5, 0.5, 5, 0.9, 0.6, -1], "lowConfidence: expected a number from 0 to 10, got -1"],
    ["PaceRatio", [2, 0.5], "progress: expected a number from 0 to 1, got 2"],
    ["PaceRatio", [0.5, 0], "expected: the cycle has not started (0), so no pace is expected yet"],
    [
      "Forecast",
      [[at("2026-01-01")], [1, 2], at("2026-01-01"), at("2026-03-31")],
      "values: expected one per item of dates (1), got 2",
    ],
    ["CheckIn", ["kr-1", 40, 11], "confidence: expected a number from 0 to 10, got 11"],
    ["SetConfidence", ["kr-1", -1], "confidence: expected a number from 0 to 10, got -1"],
  ])("%s(%j)", async (name, params, message) => {
    // The executor wraps what the formula throws; called directly, the error keeps its type. (The
    // buttons check their numbers before calling the worker: this context has none.)
    const formula = pack.formulas.find((f) => f.name === name);
    const error = await (async () => formula?.execute(params as never, newMockExecutionContext()))().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(coda.UserVisibleError);
    expect(error?.message).toContain(message);
    if (params.every((p) => p !== undefined)) await expect(run(name, params)).rejects.toThrow(message);
  });
});

describe("numbers a hair off a bound count as on it (DOMAIN §8)", () => {
  it("reads a sum of percentages that lands just past 100% as 100%", async () => {
    const justOver = (0.8 * 3 + 0.2 * 3) / 3; // 100%, a rounding error over: 1.0000000000000002
    expect(justOver).toBeGreaterThan(1);
    expect(await run("Grade", [justOver])).toBe("Green");
    expect(await run("KRStatus", [justOver, 0.5])).toBe("Done");
    expect(await run("PaceRatio", [justOver, 1])).toBe(1);
    expect(await run("RollUp", [[justOver, -1e-12]])).toBe(0.5);
  });
});

/** A parameter of a formula, as the pack definition holds it. */
type Param = (typeof pack.formulas)[number]["parameters"][number];

const isDateParam = (param: Param | undefined) =>
  param?.type === coda.Type.date ||
  (typeof param?.type === "object" && (param.type as { items?: unknown }).items === coda.Type.date);

/**
 * An example's arguments as Coda hands them to the formula: a date typed as `YYYY-MM-DD` becomes an
 * instant on that day (noon UTC: the same calendar day in the mock context's timezone).
 */
function asCodaPasses(params: readonly unknown[], parameters: readonly Param[]): unknown[] {
  const date = (v: unknown) => (typeof v === "string" ? at(v) : v);
  return params.map((value, i) => {
    if (!isDateParam(parameters[i])) return value;
    return Array.isArray(value) ? value.map(date) : date(value);
  });
}

/** Runs a formula through the SDK's executor, raw result (the keys as the formula writes them). */
function runExample(formula: (typeof pack.formulas)[number], params: readonly unknown[]) {
  const context = newMockExecutionContext({ endpoint: ENDPOINT });
  fakeWorker(context, exampleRoutes);
  return executeFormulaFromPackDef(
    pack,
    formula.name,
    asCodaPasses(params, formula.parameters) as never,
    context,
    { useDeprecatedResultNormalization: false },
  );
}

describe("every formula's examples", () => {
  it.each(pack.formulas.map((f) => [f.name, f] as const))(
    "%s has examples that give their results",
    async (_, formula) => {
      expect(formula.examples?.length ?? 0).toBeGreaterThan(0);
      for (const example of formula.examples ?? []) {
        expect(await runExample(formula, example.params)).toEqual(example.result);
      }
    },
  );
});

describe("formulas that depend on today", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A formula's answer to an example without its asOf, on a given day (or the error it gives). */
  async function answerOn(day: string, formula: (typeof pack.formulas)[number], params: readonly unknown[]) {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(at(day));
    const withoutAsOf =
      formula.parameters.at(-1)?.name === "asOf" ? params.slice(0, formula.parameters.length - 1) : params;
    return runExample(formula, withoutAsOf).then(
      (value) => ({ value }),
      (error: Error) => ({ error: error.message }),
    );
  }

  it.each(pack.formulas.filter((f) => !f.isAction).map((f) => [f.name, f] as const))(
    "%s is not cached across days when its answer depends on the day",
    async (_, formula) => {
      const asOf = formula.parameters.find((p) => p.name === "asOf");
      let dependsOnDay = false;
      for (const example of formula.examples ?? []) {
        const before = await answerOn("2026-01-05", formula, example.params);
        const after = await answerOn("2026-05-20", formula, example.params);
        if (JSON.stringify(before) !== JSON.stringify(after)) dependsOnDay = true;
      }
      if (asOf !== undefined) {
        // The day is an optional date parameter, and no answer is kept for a day it was not asked for.
        expect(asOf.optional).toBe(true);
        expect(isDateParam(asOf)).toBe(true);
        expect(formula.cacheTtlSecs).toBe(0);
      } else {
        expect(dependsOnDay).toBe(false);
      }
    },
  );

  it("ExpectedProgress without asOf answers for today in the doc's timezone", async () => {
    const formula = pack.formulas.find((f) => f.name === "ExpectedProgress");
    if (formula === undefined) throw new Error("no ExpectedProgress");
    const cycle = ["2026-04-01", "2026-06-30"];
    expect(await answerOn("2026-05-16", formula, cycle)).toEqual({ value: 0.5 });
    expect(await answerOn("2026-06-30", formula, cycle)).toEqual({ value: 1 });
  });
});
