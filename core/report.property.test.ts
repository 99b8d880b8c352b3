import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentWith, keyResult } from "../tests/fixtures/document.ts";
import type { CascadeDocument, CheckIn, KeyResult, Objective } from "./model/document.ts";
import { scoreCascade } from "./report.ts";
import { scoreKeyResult } from "./scoring/key-result.ts";
import { DEFAULT_SETTINGS } from "./settings.ts";

const BASE_DAY = Date.UTC(2026, 0, 1) / 86_400_000;
const day = (offset: number) => new Date((BASE_DAY + offset) * 86_400_000).toISOString().slice(0, 10);
const date = fc.integer({ min: 0, max: 200 }).map(day);
const num = fc
  .oneof(
    { arbitrary: fc.integer({ min: -50, max: 150 }), weight: 4 },
    { arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }), weight: 2 },
    { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
    // No -0 among the inputs: a key result's current value is echoed as given, and a document that says
    // -0 gets -0 back (printed as 0). What the core computes must never be -0, which the round trip checks.
  )
  .map((x) => x + 0);
const weight = fc.constantFrom(undefined, 0, 1, 2, 0.5);

// Check-in dates crowd into a few days half the time: ties on a date are where array order decides.
const checkInDate = fc.oneof(date, fc.integer({ min: 40, max: 43 }).map(day));
const checkIn: fc.Arbitrary<CheckIn> = fc.record(
  {
    date: checkInDate,
    value: num,
    confidence: fc.integer({ min: 0, max: 10 }),
    note: fc.constantFrom("held", "slipped"),
    source: fc.constantFrom("coda", "notion", "api"),
  },
  { requiredKeys: ["date"] },
);

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Random documents: several cycles, objectives with random parents (loops included), all KR kinds. */
const documents: fc.Arbitrary<CascadeDocument> = fc
  .record({
    cycles: fc.array(fc.tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 120 })), {
      minLength: 1,
      maxLength: 3,
    }),
    objectives: fc.array(
      fc.record({
        cycle: fc.nat(),
        parent: fc.option(fc.nat(), { nil: undefined }),
        weight,
        goal: fc.boolean(),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    keyResults: fc.array(
      fc.record({
        objective: fc.nat(),
        kind: fc.constantFrom("increase", "decrease", "range", "milestone"),
        start: fc.option(num, { nil: undefined }),
        target: fc.option(num, { nil: undefined }),
        low: fc.option(num, { nil: undefined }),
        high: fc.option(num, { nil: undefined }),
        current: fc.option(num, { nil: undefined }),
        milestones: fc.array(fc.record({ title: fc.constant("m"), done: fc.boolean(), weight }), {
          maxLength: 3,
        }),
        weight,
        measure: fc.constantFrom(undefined, "lead", "lag"),
        source: fc.constantFrom(undefined, "coda", "notion", "manual"),
        checkIns: fc.array(checkIn, { maxLength: 8 }),
      }),
      { maxLength: 12 },
    ),
  })
  .map(({ cycles, objectives, keyResults }) => {
    const cycleIds = cycles.map((_, i) => `c${i}`);
    const objectiveList: Objective[] = objectives.map((o, i) =>
      withoutUndefined({
        id: `o${i}`,
        title: `O${i}`,
        cycleId: cycleIds[o.cycle % cycleIds.length] as string,
        goalId: o.goal ? "g1" : undefined,
        parentId: o.parent === undefined ? undefined : `o${o.parent % objectives.length}`,
        weight: o.weight,
      }),
    );
    const keyResultList: KeyResult[] = keyResults.map((k, i) =>
      withoutUndefined({
        id: `k${i}`,
        objectiveId: `o${k.objective % objectives.length}`,
        title: `K${i}`,
        kind: k.kind,
        start: k.start,
        target: k.target,
        low: k.low,
        high: k.high,
        current: k.current,
        milestones: k.kind === "milestone" ? k.milestones.map(withoutUndefined) : undefined,
        weight: k.weight,
        measure: k.measure,
        source: k.source === undefined ? undefined : { type: k.source },
        checkIns: k.checkIns,
      }),
    );
    return documentWith({
      cycles: cycles.map(([start, length], i) => ({
        id: `c${i}`,
        start: day(start),
        end: day(start + length),
      })),
      objectives: objectiveList,
      keyResults: keyResultList,
    });
  });

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === "number") out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out);
  else if (value !== null && typeof value === "object")
    for (const v of Object.values(value)) numbersIn(v, out);
  return out;
}

describe("scoreCascade properties", () => {
  it("keeps every progress and score in [0, 1]", () => {
    fc.assert(
      fc.property(documents, date, (doc, asOf) => {
        const report = scoreCascade(doc, asOf);
        for (const kr of report.keyResults)
          if (kr.progress !== null) expect(kr.progress >= 0 && kr.progress <= 1).toBe(true);
        for (const o of report.objectives)
          if (o.score !== null) expect(o.score >= 0 && o.score <= 1).toBe(true);
        for (const g of report.goals) if (g.score !== null) expect(g.score >= 0 && g.score <= 1).toBe(true);
      }),
    );
  });

  it("never lets an increase KR's progress fall when its current value rises", () => {
    fc.assert(
      fc.property(num, num, num, num, (a, b, x, y) => {
        fc.pre(a < b);
        const [low, high] = x <= y ? [x, y] : [y, x];
        const at = (current: number) =>
          scoreKeyResult(
            keyResult("k", { start: a, target: b, current }),
            undefined,
            "2026-02-01",
            DEFAULT_SETTINGS,
          ).progress as number;
        expect(at(high)).toBeGreaterThanOrEqual(at(low));
      }),
    );
  });

  it("puts each objective's score between its contributors' min and max", () => {
    fc.assert(
      fc.property(documents, date, (doc, asOf) => {
        const report = scoreCascade(doc, asOf);
        const objectiveScore = new Map(report.objectives.map((o) => [o.id, o.score]));
        const weightOf = new Map(doc.keyResults.map((k) => [k.id, k.weight ?? 1]));
        for (const o of doc.objectives) {
          const score = objectiveScore.get(o.id);
          if (score === null || score === undefined) continue;
          const contributors = report.keyResults
            .filter((k) => k.objectiveId === o.id && k.progress !== null && (weightOf.get(k.id) ?? 1) > 0)
            .map((k) => k.progress as number);
          for (const child of doc.objectives) {
            const childScore = objectiveScore.get(child.id);
            if (
              child.parentId === o.id &&
              child.id !== o.id &&
              childScore != null &&
              (child.weight ?? 1) > 0
            ) {
              contributors.push(childScore);
            }
          }
          // Children on a loop of parents do not contribute, so check against the widest possible set.
          expect(score).toBeGreaterThanOrEqual(Math.min(...contributors));
          expect(score).toBeLessThanOrEqual(Math.max(...contributors));
        }
      }),
    );
  });

  it("does not depend on the order of any array", () => {
    fc.assert(
      fc.property(documents, date, fc.integer(), (doc, asOf, seed) => {
        const reordered: CascadeDocument = {
          ...doc,
          cycles: shuffled(doc.cycles, seed),
          objectives: shuffled(doc.objectives, seed + 1),
          keyResults: shuffled(doc.keyResults, seed + 2).map((k) => ({
            ...k,
            ...(k.milestones && { milestones: shuffled(k.milestones, seed + 3) }),
            // Same-date check-ins keep their relative order: there, array order is meaningful.
            ...(k.checkIns && { checkIns: reorderKeepingSameDates(k.checkIns, seed + 4) }),
          })),
        };
        // Lint paths point into the given arrays, so they follow the reordering by design.
        const withoutPaths = (d: CascadeDocument) => {
          const r = scoreCascade(d, asOf);
          return { ...r, lint: r.lint.map(({ path: _, ...f }) => f) };
        };
        expect(withoutPaths(reordered)).toEqual(withoutPaths(doc));
      }),
    );
  });

  it("sorts check-ins by date instead of trusting their order: shuffled ones give the report of sorted ones", () => {
    // Every computation that reads check-ins in order (current value, latest check-in, confidence cap,
    // stale, range share, leading indicator, forecast, source conflicts) goes by date; array order only
    // breaks ties between check-ins of one date, so those keep their relative order.
    fc.assert(
      fc.property(documents, date, fc.integer(), (doc, asOf, seed) => {
        const withCheckIns = (order: (checkIns: readonly CheckIn[]) => CheckIn[]): CascadeDocument => ({
          ...doc,
          keyResults: doc.keyResults.map((k) => (k.checkIns ? { ...k, checkIns: order(k.checkIns) } : k)),
        });
        const sorted = withCheckIns((checkIns) =>
          [...checkIns].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
        );
        const shuffledDoc = withCheckIns((checkIns) => reorderKeepingSameDates(checkIns, seed));
        expect(scoreCascade(shuffledDoc, asOf)).toEqual(scoreCascade(sorted, asOf));
      }),
    );
  });

  it("never puts NaN or Infinity in a report", () => {
    fc.assert(
      fc.property(documents, date, (doc, asOf) => {
        for (const n of numbersIn(scoreCascade(doc, asOf))) expect(Number.isFinite(n)).toBe(true);
      }),
    );
  });

  it("reads the same after a JSON round trip (no -0, no undefined values), as the API serves it", () => {
    fc.assert(
      fc.property(documents, date, (doc, asOf) => {
        const report = scoreCascade(doc, asOf);
        expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report);
      }),
    );
  });
});

function reorderKeepingSameDates(checkIns: readonly CheckIn[], seed: number): CheckIn[] {
  const byDate = new Map<string, CheckIn[]>();
  for (const c of checkIns) byDate.set(c.date, [...(byDate.get(c.date) ?? []), c]);
  return shuffled([...byDate.keys()], seed).flatMap((d) => byDate.get(d) ?? []);
}
