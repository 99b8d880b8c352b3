import { describe, expect, it } from "vitest";
import type { CheckIn } from "../../../schema/document.ts";
import { northwind } from "../../test/helpers.ts";
import {
  CHECK_IN_FIELDS,
  CHECK_INS,
  checkInFromRow,
  checkInOf,
  fromRow,
  INITIATIVES,
  KEY_RESULTS,
  OBJECTIVES,
  rowOf,
  type SqlRow,
  type Table,
  TRADE_OFFS,
} from "./tables.ts";

/** A row as D1 hands it back: the values `rowOf` stores, under their column names. */
function asRow(table: Table, item: object): SqlRow {
  const values = rowOf(table, item);
  return Object.fromEntries(table.columns.map((c, i) => [c.column, values[i] ?? null]));
}

describe("table mappings", () => {
  it("read back every item of the example as it was stored, JSON and boolean columns included", () => {
    const doc = northwind();
    const sections: Array<[Table, object[]]> = [
      [OBJECTIVES, doc.objectives],
      [KEY_RESULTS, doc.keyResults.map(({ checkIns: _, ...kr }) => kr)],
      [INITIATIVES, doc.initiatives ?? []],
      [TRADE_OFFS, doc.tradeOffs ?? []],
    ];
    for (const [table, items] of sections) {
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect(fromRow(table, asRow(table, item))).toEqual(item);
    }
  });

  it("build check-ins by hand with exactly the check-in table's fields, in its order", () => {
    const full: CheckIn = { date: "2026-01-05", value: 3, confidence: 7, note: "n", source: "coda" };
    expect(Object.keys(checkInOf("2026-01-05", 3, 7, "n", "coda"))).toEqual(CHECK_IN_FIELDS);
    expect(checkInFromRow(asRow(CHECK_INS, full))).toEqual(fromRow(CHECK_INS, asRow(CHECK_INS, full)));
    expect(checkInOf("2026-01-05", null, 0, undefined, null)).toEqual({ date: "2026-01-05", confidence: 0 });
  });

  it("refuse a JSON column that is not what the document allows", () => {
    const row = { ...asRow(TRADE_OFFS, northwind().tradeOffs?.[0] ?? {}), dropped: '[{"not":"an id"}]' };
    expect(() => fromRow(TRADE_OFFS, row)).toThrow();
  });
});
