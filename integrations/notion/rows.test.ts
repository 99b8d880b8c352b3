import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CascadeDocument } from "../../core/model/document.ts";
import { LAYOUT } from "./layout.ts";
import { checkInIds, rowsOf, withRows } from "./rows.ts";
import { readProperty, writeProperty } from "./values.ts";

const northwind = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "..", "examples", "northwind.json"), "utf8"),
) as CascadeDocument;

describe("the document as rows", () => {
  it("gives the same document back from its rows", () => {
    expect(withRows(northwind, rowsOf(northwind))).toEqual(northwind);
  });

  it("knows a check-in by key result, date and place among that day's", () => {
    expect(
      checkInIds([
        { keyResultId: "kr-1", date: "2026-11-20" },
        { keyResultId: "kr-1", date: "2026-11-21" },
        { keyResultId: "kr-1", date: "2026-11-20" },
        { keyResultId: "kr-2", date: "2026-11-20" },
      ]),
    ).toEqual(["kr-1@2026-11-20", "kr-1@2026-11-21", "kr-1@2026-11-20#2", "kr-2@2026-11-20"]);
  });

  it("applies changed rows and keeps what the databases do not hold", () => {
    const rows = rowsOf(northwind);
    const kr = rows.keyResults[0];
    if (kr === undefined) throw new Error("no key result");
    kr.values = { ...kr.values, target: 1234, unit: null };
    const doc = withRows(northwind, rows);
    const before = northwind.keyResults[0];
    expect(doc.keyResults[0]).toEqual({
      ...Object.fromEntries(Object.entries(before ?? {}).filter(([k]) => k !== "unit")),
      target: 1234,
    });
  });
});

describe("property values", () => {
  const field = (kind: keyof typeof LAYOUT, key: string) => {
    const found = LAYOUT[kind].fields.find((f) => f.key === key);
    if (found === undefined) throw new Error(key);
    return found;
  };

  it("reads back what it writes, for every type", () => {
    const cases: Array<[keyof typeof LAYOUT, string, unknown]> = [
      ["keyResults", "title", "Reach 400 customers"],
      ["keyResults", "unit", "customers"],
      ["keyResults", "target", 400],
      ["keyResults", "kind", "decrease"],
      ["checkIns", "date", "2026-11-20"],
      ["objectives", "wig", true],
      ["initiatives", "keyResultIds", ["page-1", "page-2"]],
    ];
    for (const [kind, key, value] of cases) {
      const f = field(kind, key);
      const written = writeProperty(f, value as never);
      // Notion answers rich text with plain_text beside the text it was given.
      const answered = JSON.parse(
        JSON.stringify(written).replace(
          /"text":\{"content":"([^"]*)"\}/g,
          '"text":{"content":"$1"},"plain_text":"$1"',
        ),
      );
      expect(readProperty(f, f.property, answered), `${kind}.${key}`).toEqual({ ok: true, value });
    }
  });

  it("splits long text into Notion's 2,000-character items", () => {
    const written = writeProperty(field("checkIns", "note"), "x".repeat(4500)) as {
      rich_text: Array<{ text: { content: string } }>;
    };
    expect(written.rich_text.map((t) => t.text.content.length)).toEqual([2000, 2000, 500]);
  });

  it("names the property and what was expected when a value cannot be the document's", () => {
    expect(readProperty(field("keyResults", "kind"), "Kind", { select: { name: "exponential" } })).toEqual({
      ok: false,
      error: 'Kind: expected one of increase, decrease, range, milestone, not "exponential"',
    });
    expect(
      readProperty(field("keyResults", "objectiveId"), "Objective", { relation: [{ id: "a" }, { id: "b" }] }),
    ).toEqual({
      ok: false,
      error: "Objective: expected at most one page, found 2",
    });
    expect(readProperty(field("keyResults", "status"), "Status", { select: { name: "On Track" } })).toEqual({
      ok: true,
      value: "on track",
    });
  });
});
