import { describe, expect, it } from "vitest";
import type { KeyResult } from "../schema/document.ts";
import { documentWith, keyResult } from "../tests/fixtures/document.ts";
import { applyChange, sameJson } from "./change.ts";
import type { StoredCascade } from "./port.ts";

describe("sameJson", () => {
  it("compares as JSON: member order and undefined members do not count, array order does", () => {
    expect(sameJson({ a: 1, b: [1, { c: "x" }] }, { b: [1, { c: "x" }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
    expect(sameJson("1", 1)).toBe(false);
  });

  it("walks values of any depth without recursion", () => {
    let a: unknown = 1;
    let b: unknown = 1;
    for (let i = 0; i < 100_000; i++) {
      a = { x: a };
      b = { x: b };
    }
    expect(sameJson(a, b)).toBe(true);
  });
});

describe("applyChange: updateKeyResult", () => {
  const kr = keyResult("kr-1", {
    source: { type: "coda", doc: "d", row: "r" },
    checkIns: [{ date: "2026-01-12", value: 3 }],
  });
  const base: StoredCascade = {
    doc: documentWith({ keyResults: [kr] }),
    revision: 7,
    versions: new Map([["kr-1", 5]]),
  };

  it("leaves the cascade itself, revision and versions, when the key result would not change", () => {
    const { checkIns: _, ...fields } = kr;
    const same = { ...fields, source: { row: "r", doc: "d", type: "coda" } } as KeyResult;
    expect(applyChange(base, { kind: "updateKeyResult", keyResult: same, ifVersion: 5 }, 8)).toBe(base);
  });

  it("still takes the new revision as the version for any real change", () => {
    const changed = applyChange(
      base,
      { kind: "updateKeyResult", keyResult: { ...kr, title: "Renamed" }, ifVersion: 5 },
      8,
    );
    expect(changed).toMatchObject({ revision: 8 });
    expect("versions" in changed && changed.versions.get("kr-1")).toBe(8);
  });
});
