import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CascadeDocument, Initiative } from "../model/document.ts";
import type { KeyResultStatus } from "../model/report.ts";
import { assess, initiative, keyResult, makeDoc } from "./test-documents.ts";

/** Every number in a JSON-like value. */
function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(numbersIn);
  return [];
}

const ids = ["a", "b", "c", "d", "e", "f", "g", "h"];
const statuses: KeyResultStatus[] = [
  "off_track",
  "at_risk",
  "no_data",
  "on_track",
  "not_started",
  "done",
  "invalid",
];
const big = fc.oneof(fc.double({ min: 0, max: 1e308, noNaN: true }), fc.integer({ min: 0, max: 10 }));

const docArb = fc
  .record({
    inits: fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 8 }),
    sizes: fc.array(
      fc.oneof(fc.double({ min: 1e-300, max: 1e308, noNaN: true }), fc.integer({ min: 1, max: 9 })),
      {
        minLength: 8,
        maxLength: 8,
      },
    ),
    values: fc.array(big, { minLength: 8, maxLength: 8 }),
    budgets: fc.array(fc.double({ min: -1e308, max: 1e308, noNaN: true }), { minLength: 8, maxLength: 8 }),
    capacity: fc.oneof(fc.constant(undefined), big),
    deps: fc.array(fc.tuple(fc.constantFrom(...ids, "k1", "k2"), fc.constantFrom(...ids, "k1", "k2")), {
      maxLength: 10,
    }),
    moves: fc.array(
      fc.tuple(
        fc.constantFrom(...ids),
        fc.constantFrom(...ids),
        fc.double({ min: 1, max: 1e308, noNaN: true }),
      ),
      {
        maxLength: 4,
      },
    ),
    metric: fc.array(fc.double({ min: -1e308, max: 1e308, noNaN: true }), { maxLength: 4 }),
    k1: fc.constantFrom(...statuses),
    k2: fc.constantFrom(...statuses),
  })
  .map((r) => {
    const initiatives: Initiative[] = r.inits.map((id, n) =>
      initiative(id, {
        size: r.sizes[n] as number,
        value: r.values[n] as number,
        timeCriticality: r.values[7 - n] as number,
        riskReduction: 1e308,
        budget: r.budgets[n] as number,
        committed: n % 2 === 0,
        keyResultIds: n % 3 === 0 ? ["k1", "k2"] : ["k2"],
      }),
    );
    const doc: CascadeDocument = makeDoc({
      teams: [{ id: "core", ...(r.capacity === undefined ? {} : { capacity: { q1: r.capacity } }) }],
      keyResults: [keyResult("k1"), keyResult("k2")],
      initiatives,
      dependencies: r.deps.map(([from, to]) => ({ from, to })),
      reallocations: r.moves.map(([from, to, amount], n) => ({
        id: `r${n}`,
        date: "2026-02-01",
        from,
        to,
        amount,
      })),
      healthMetrics: [
        {
          id: "m",
          title: "M",
          area: "talent",
          direction: "higher_is_better",
          green: 1e308,
          red: -1e308,
          values: r.metric.map((value, n) => ({
            date: `2026-01-${String(10 + n * 7).padStart(2, "0")}`,
            value,
          })),
        },
      ],
    });
    return { doc, statuses: { k1: r.k1, k2: r.k2 } };
  });

describe("assessExecution", () => {
  it("never produces NaN or Infinity, even from extreme numbers", () => {
    fc.assert(
      fc.property(docArb, ({ doc, statuses }) => {
        const result = assess(doc, { statuses });
        for (const n of numbersIn(result)) expect(Number.isFinite(n)).toBe(true);
      }),
    );
  });

  it("gives the same result whatever the order of initiatives, dependencies, key results and metrics", () => {
    const permuted = <T>(items: readonly T[] | undefined) =>
      fc.shuffledSubarray([...(items ?? [])], { minLength: items?.length ?? 0 });
    const pairArb = docArb.chain(({ doc, statuses }) =>
      fc
        .record({
          initiatives: permuted(doc.initiatives),
          dependencies: permuted(doc.dependencies),
          keyResults: permuted(doc.keyResults),
          healthMetrics: permuted(doc.healthMetrics),
        })
        .map((order) => ({ doc, statuses, reordered: { ...doc, ...order } as CascadeDocument })),
    );
    fc.assert(
      fc.property(pairArb, ({ doc, statuses, reordered }) => {
        // Paths (and messages that quote them) locate a field, so they follow the array order.
        const withoutPaths = (r: ReturnType<typeof assess>) => ({
          ...r,
          lint: r.lint.map((f) => `${f.severity} ${f.code} ${f.subject}`).sort(),
        });
        expect(withoutPaths(assess(reordered, { statuses }))).toEqual(
          withoutPaths(assess(doc, { statuses })),
        );
      }),
    );
  });

  it("returns empty sections for a document without execution data", () => {
    const result = assess(makeDoc());
    expect(result.initiatives).toEqual([]);
    expect(result.capacity).toEqual([]);
    expect(result.health.metrics).toEqual([]);
    expect(result.health.areas).toHaveLength(6);
    expect(result.alerts).toEqual([]);
    expect(result.lint).toEqual([]);
  });
});
