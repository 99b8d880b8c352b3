/**
 * The bounds of a key result's `source` and well-formed text, in the zod schemas and the compiled fast
 * path alike: what no store can hold or give back as it was taken is refused by path, and nothing
 * recursive runs over a value before its depth is known.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentWith, keyResult } from "../tests/fixtures/document.ts";
import {
  cascadeDocumentSchema,
  isWellFormedText,
  keyResultSourceSchema,
  MAX_SOURCE_BYTES,
  MAX_SOURCE_DEPTH,
  sourceProblems,
} from "./document.ts";
import { parseCascadeDocument } from "./validate.ts";

/** A source whose `page` member nests so that the source has `levels` levels in all. */
function sourceOfDepth(levels: number): { type: "notion"; page: unknown } {
  let value: unknown = { id: "p" };
  for (let level = 2; level < levels; level++) value = level % 2 === 0 ? [value] : { inner: value };
  return { type: "notion", page: value };
}

const withSource = (source: unknown) =>
  documentWith({ keyResults: [keyResult("kr-1", { source: source as { type: "coda" } })] });

const utf8 = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

describe("a key result's source", () => {
  it(`nests at most ${MAX_SOURCE_DEPTH} levels: one more is refused by path, in both paths`, () => {
    expect(sourceProblems(sourceOfDepth(MAX_SOURCE_DEPTH))).toEqual([]);
    expect(parseCascadeDocument(withSource(sourceOfDepth(MAX_SOURCE_DEPTH))).ok).toBe(true);
    const expected = {
      ok: false,
      error: [
        { path: "keyResults[0].source", message: "expected at most 8 levels of nested objects and arrays" },
      ],
    };
    expect(parseCascadeDocument(withSource(sourceOfDepth(MAX_SOURCE_DEPTH + 1)))).toEqual(expected);
  });

  it("turns down a source nested 100,000 deep without recursing (no stack overflow)", () => {
    const deep = sourceOfDepth(100_000);
    const result = parseCascadeDocument(withSource(deep));
    expect(result).toMatchObject({ ok: false, error: [{ path: "keyResults[0].source" }] });
    expect(keyResultSourceSchema.safeParse(deep).success).toBe(false);
    // Deep where the schema holds no open value: refused as a type error, nothing walks into it.
    let array: unknown = [];
    for (let i = 0; i < 100_000; i++) array = [array];
    const organization = parseCascadeDocument({ ...withSource({ type: "manual" }), organization: array });
    expect(organization).toMatchObject({ ok: false, error: [{ path: "organization" }] });
  });

  it(`weighs at most ${MAX_SOURCE_BYTES} bytes of JSON (UTF-8), counted exactly`, () => {
    const base = { type: "coda", doc: "d-1", row: "" };
    const room = MAX_SOURCE_BYTES - utf8(base);
    expect(sourceProblems({ ...base, row: "x".repeat(room) })).toEqual([]);
    expect(sourceProblems({ ...base, row: "x".repeat(room + 1) })).toEqual([
      { path: [], message: `expected at most ${MAX_SOURCE_BYTES} bytes of JSON` },
    ]);
    // "é" is 2 bytes, "😀" 4, an escaped quote or newline 2: each near the limit, against the encoder.
    for (const unit of ["é", "😀", '"', "\n", "\u2028"]) {
      for (const extra of [-2, -1, 0, 1, 2]) {
        const row = `${unit.repeat(Math.floor(room / utf8(unit)) - 1)}${"x".repeat(Math.max(0, extra + 2))}`;
        const source = { ...base, row };
        expect(sourceProblems(source).length === 0).toBe(utf8(source) <= MAX_SOURCE_BYTES);
      }
    }
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    expect(sourceProblems({ type: "coda", ...wide })).toEqual([
      { path: [], message: `expected at most ${MAX_SOURCE_BYTES} bytes of JSON` },
    ]);
  });

  it("counts the bytes of any JSON value as JSON.stringify writes them", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: "grapheme" }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
        fc.nat({ max: MAX_SOURCE_BYTES }),
        (members, pad) => {
          const source = { ...members, type: "manual", pad: "p".repeat(pad) };
          const fits = utf8(source) <= MAX_SOURCE_BYTES;
          expect(sourceProblems(source).length === 0).toBe(fits);
          expect(parseCascadeDocument(withSource(source)).ok).toBe(fits);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("holds JSON values only, and well-formed text in its values and field names", () => {
    const source = { type: "coda", a: ["ok", "x\ud800"], "b\udc00": 1, c: Number.NaN, d: undefined };
    expect(sourceProblems(source)).toEqual([
      { path: [], message: expect.stringContaining("field names without a lone UTF-16 surrogate") },
      { path: ["a", 1], message: expect.stringContaining("lone UTF-16 surrogate") },
      { path: ["c"], message: expect.stringContaining("expected a JSON value") },
    ]);
    const parsed = parseCascadeDocument(withSource({ type: "coda", a: ["ok", "x\ud800"] }));
    expect(parsed).toMatchObject({ ok: false, error: [{ path: "keyResults[0].source.a[1]" }] });
  });
});

describe("well-formed text", () => {
  it("tells a lone surrogate from a pair", () => {
    expect(["", "abc", "a😀b", "\u{10ffff}", "é"].map(isWellFormedText)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["\ud800", "x\udbffy", "\udc00", "😀".slice(0, 1), "😀".slice(1)].map(isWellFormedText)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("is required of every string and field name of a document, each named by its path", () => {
    const doc = withSource({ type: "manual" });
    doc.organization = "Acme \ud800";
    doc.teams = [{ id: "t1", capacity: { "q1\udc00": 3 } }];
    (doc.keyResults[0] as { title: string }).title = "KR \udbff";
    (doc.keyResults[0] as { checkIns?: unknown[] }).checkIns = [{ date: "2026-01-12", note: "\udfff" }];
    const result = parseCascadeDocument(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((i) => i.path).sort()).toEqual([
      "keyResults[0].checkIns[0].note",
      "keyResults[0].title",
      "organization",
      "teams[0].capacity",
    ]);
    for (const issue of result.error) expect(issue.message).toContain("lone UTF-16 surrogate");
    expect(cascadeDocumentSchema.safeParse(doc).success).toBe(false);
  });

  it("accepts surrogate pairs (emoji and other astral characters) anywhere", () => {
    const doc = withSource({ type: "notion", "page😀": "𝄞" });
    doc.organization = "Acme 😀";
    expect(parseCascadeDocument(doc)).toEqual({ ok: true, value: doc });
  });
});
