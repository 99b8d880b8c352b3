import { describe, expect, it } from "vitest";
import type { CascadeDocument } from "../../schema/document.ts";
import { tinyCascade } from "../test/helpers.ts";
import { MAX_TEXT_CHARS, overlongTexts } from "./replace-cascade.ts";

describe("overlongTexts", () => {
  const long = "x".repeat(MAX_TEXT_CHARS + 1);
  const message = `at most ${MAX_TEXT_CHARS} characters (this one has ${MAX_TEXT_CHARS + 1})`;

  it("names every string over the limit by its JSON path, in document order", () => {
    const doc = tinyCascade(long);
    Object.assign(doc.keyResults[0] ?? {}, {
      source: { type: "coda", rows: [{ cell: "ok" }, { cell: long }] },
    });
    Object.assign(doc.keyResults[2] ?? {}, {
      milestones: [
        { title: "ok", done: false },
        { title: long, done: true },
      ],
    });
    expect(overlongTexts(doc)).toEqual([
      { path: "organization", message },
      { path: "keyResults[0].source.rows[1].cell", message },
      { path: "keyResults[2].milestones[1].title", message },
    ]);
    expect(overlongTexts(tinyCascade())).toEqual([]);
  });

  it("walks without recursion: a value nested 100,000 deep is no stack overflow", () => {
    let deep: unknown = long;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const doc = { ...tinyCascade(), extra: deep } as unknown as CascadeDocument;
    const [issue] = overlongTexts(doc);
    expect(issue?.path).toBe(`extra${"[0]".repeat(100_000)}`);
  });
});
