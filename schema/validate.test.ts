import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateDocument } from "../bench/generate.ts";
import northwind from "../examples/northwind.json" with { type: "json" };
import { documentWith } from "../tests/fixtures/document.ts";
import { cascadeDocumentSchema, MAX_SOURCE_BYTES, MAX_SOURCE_DEPTH } from "./document.ts";
import { parseCascadeDocument } from "./validate.ts";

/** Every place in a JSON value: the path to it, for mutations. */
function places(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) places(v, [...path, i], out);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) places(v, [...path, k], out);
  }
  return out;
}

type Mutation =
  | { kind: "set"; value: unknown }
  | { kind: "delete" }
  | { kind: "add"; key: string; value: unknown };

function mutate(doc: unknown, path: (string | number)[], mutation: Mutation): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  if (path.length === 0) return mutation.kind === "set" ? mutation.value : copy;
  if (copy === null || typeof copy !== "object") return copy; // an earlier mutation replaced the root
  let parent = copy;
  for (const key of path.slice(0, -1)) {
    const next = parent[key];
    // An earlier mutation may have removed or replaced this place: leave the document as it is.
    if (next === null || typeof next !== "object") return copy;
    parent = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (mutation.kind === "set") parent[last] = mutation.value;
  else if (mutation.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target !== null && typeof target === "object" && !Array.isArray(target)) {
      (target as Record<string, unknown>)[mutation.key] = mutation.value;
    }
  }
  return copy;
}

/** `levels` arrays, one inside the other: `[[[]]]` for 3. */
function nested(levels: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

const bases = [
  northwind,
  generateDocument({ keyResults: 12, initiatives: 4, dependencies: 4 }),
  documentWith(),
];

/** Values that sit near the rules: empty strings, bad and good dates, negatives, fractions, types. */
const tricky = fc.oneof(
  fc.constantFrom(
    "",
    "x",
    "2026-02-29",
    "2028-02-29",
    "2026-13-01",
    "2026-1-01",
    "2026-02-28",
    " 2026-01-01",
  ),
  fc.constantFrom(-1, 0, 0.5, 1, 1.5, 10, 11, 1899, 2026, 3001, -0, 1e308),
  fc.constantFrom(true, false, null, [], {}, "increase", "milestone", "lead", "higher_is_better"),
  fc.jsonValue({ maxDepth: 2 }),
  // Text with a lone surrogate, a pair, and what a key result's source may or may not hold.
  fc.constantFrom("x\ud800y", "\udfff", "a😀b", { "\ud800": 1 }, { type: "coda", row: "\udc00" }),
  fc.constantFrom(
    { type: "notion", page: nested(MAX_SOURCE_DEPTH - 1) },
    { type: "notion", page: nested(MAX_SOURCE_DEPTH) },
    { type: "coda", rows: nested(1_000) },
    { type: "manual", note: "x".repeat(MAX_SOURCE_BYTES) },
    nested(1_000),
  ),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: tricky.map((value) => ({ kind: "set" as const, value })), weight: 6 },
  { arbitrary: fc.constant({ kind: "delete" as const }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant("add" as const),
      key: fc.constantFrom("tagret", "weight", "note", "extra", "start", "end", "source", "\ud800"),
      value: tricky,
    }),
    weight: 2,
  },
);

describe("parseCascadeDocument", () => {
  it("accepts exactly what the zod schemas accept (the compiled fast path adds and drops nothing)", () => {
    const candidates = bases.map((base) => ({ base, paths: places(base) }));
    fc.assert(
      fc.property(
        fc.nat({ max: candidates.length - 1 }).chain((i) => {
          const { base, paths } = candidates[i] as (typeof candidates)[number];
          return fc.tuple(
            fc.constant(base),
            fc.array(fc.tuple(fc.constantFrom(...paths), mutation), { maxLength: 3 }),
          );
        }),
        ([base, mutations]) => {
          let doc: unknown = base;
          for (const [path, m] of mutations) doc = mutate(doc, path, m);
          const zod = cascadeDocumentSchema.safeParse(doc);
          const ours = parseCascadeDocument(doc);
          expect(ours.ok).toBe(zod.success);
          if (ours.ok && zod.success) expect(ours.value).toStrictEqual(zod.data);
        },
      ),
      { numRuns: 600 },
    );
  });

  it("keeps the rules JSON Schema cannot say: a cycle ending before it starts, atRisk above onTrack", () => {
    const backwards = documentWith({ cycles: [{ id: "q1", start: "2026-03-01", end: "2026-01-01" }] });
    expect(parseCascadeDocument(backwards)).toEqual({
      ok: false,
      error: [{ path: "cycles[0].end", message: "expected a date on or after start" }],
    });
    const thresholds = documentWith({ settings: { statusThresholds: { onTrack: 0.5, atRisk: 0.6 } } });
    expect(parseCascadeDocument(thresholds)).toEqual({
      ok: false,
      error: [{ path: "settings.statusThresholds.atRisk", message: "expected atRisk ≤ onTrack" }],
    });
  });

  it("rejects impossible dates and empty ids, and lists every problem by path", () => {
    const doc = documentWith({ cycles: [{ id: "", start: "2026-02-30", end: "2026-03-30" }] });
    const result = parseCascadeDocument(doc);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.map((i) => i.path).sort()).toEqual(["cycles[0].id", "cycles[0].start"]);
    }
  });
});
