import { describe, expect, it } from "vitest";
import type { CascadeDocument, KeyResult } from "../../schema/document.ts";
import { parseBinding } from "./binding.ts";
import { planReconciliation } from "./reconcile.ts";

function docWith(checkIns: KeyResult["checkIns"]): CascadeDocument {
  return {
    version: 1,
    organization: "Reconcile",
    cycles: [{ id: "q1", start: "2026-01-01", end: "2026-03-31" }],
    imperatives: [{ id: "imp", title: "Win" }],
    goals: [{ id: "goal", title: "Grow", imperativeId: "imp", year: 2026 }],
    objectives: [{ id: "obj", title: "Sell", cycleId: "q1", goalId: "goal" }],
    keyResults: [
      {
        id: "kr",
        objectiveId: "obj",
        title: "Revenue",
        kind: "increase",
        start: 0,
        target: 100,
        source: { type: "coda", docId: "d", tableId: "t", column: "c", rowId: "r" },
        ...(checkIns ? { checkIns } : {}),
      },
    ],
  };
}
const pull = (value: number) => [{ keyResultId: "kr", source: "coda" as const, value }];

describe("reconciliation", () => {
  it("records a value the source gives for the first time, marked with the source", () => {
    const plan = planReconciliation(docWith(undefined), pull(40), "2026-02-10");
    expect(plan.checkIns).toEqual([
      { keyResultId: "kr", checkIn: { date: "2026-02-10", value: 40, source: "coda" } },
    ]);
    expect(plan.conflicts).toEqual([]);
  });

  it("records a value pulled twice once, even on a later day, and a changed value again", () => {
    const doc = docWith([{ date: "2026-02-10", value: 40, source: "coda" }]);
    expect(planReconciliation(doc, pull(40), "2026-02-11")).toMatchObject({ checkIns: [], unchanged: 1 });
    expect(planReconciliation(doc, pull(40 + 1e-12), "2026-02-11").checkIns).toEqual([]);
    expect(planReconciliation(doc, pull(41), "2026-02-11").checkIns).toHaveLength(1);
  });

  it("compares with the source's latest value by date, not the array's last, and ignores other surfaces", () => {
    const doc = docWith([
      { date: "2026-02-12", value: 50, source: "coda" },
      { date: "2026-02-10", value: 40, source: "coda" },
      { date: "2026-02-13", value: 50 },
    ]);
    expect(planReconciliation(doc, pull(50), "2026-02-14").checkIns).toEqual([]);
    expect(planReconciliation(doc, pull(40), "2026-02-14").checkIns).toHaveLength(1);
  });

  it("keeps another surface's check-in of the same day and reports the conflict when it differs", () => {
    const doc = docWith([{ date: "2026-02-10", value: 38, source: "dashboard" }]);
    const plan = planReconciliation(doc, pull(40), "2026-02-10");
    expect(plan.checkIns).toHaveLength(1);
    expect(plan.conflicts).toEqual([
      { keyResultId: "kr", source: "coda", date: "2026-02-10", sourceValue: 40, otherValue: 38 },
    ]);
    // Agreeing, or on another day, is no conflict.
    expect(planReconciliation(doc, pull(38), "2026-02-10").conflicts).toEqual([]);
    expect(planReconciliation(doc, pull(40), "2026-02-11").conflicts).toEqual([]);
  });

  it("records nothing outside the key result's cycle, and says why", () => {
    const plan = planReconciliation(docWith(undefined), pull(40), "2026-04-01");
    expect(plan.checkIns).toEqual([]);
    expect(plan.outsideCycle[0]?.reason).toContain("2026-01-01 to 2026-03-31");
  });
});

describe("a key result's binding", () => {
  it("reads a Coda cell by row id or by a column's value, and a Notion property", () => {
    expect(
      parseBinding({ type: "coda", docId: "d", tableId: "Metrics", column: "Value", rowId: "Revenue" }),
    ).toEqual({
      ok: true,
      binding: { type: "coda", docId: "d", tableId: "Metrics", column: "Value", row: { id: "Revenue" } },
    });
    expect(
      parseBinding({
        type: "coda",
        docId: "d",
        tableId: "t",
        column: "Value",
        rowWhere: { column: "Metric", value: "ARR" },
      }),
    ).toMatchObject({ ok: true, binding: { row: { column: "Metric", value: "ARR" } } });
    expect(parseBinding({ type: "notion", pageId: "p", property: "Revenue" })).toMatchObject({ ok: true });
  });

  it("names each missing or malformed member", () => {
    expect(parseBinding({ type: "coda", docId: "d", tableId: 7 })).toEqual({
      ok: false,
      problems: [
        { path: "source.tableId", message: "expected the id (grid-…) or name of the Coda table" },
        { path: "source.column", message: "expected the id (c-…) or name of the column holding the value" },
        {
          path: "source.rowId",
          message: "expected the row's id (i-…) or display name, or rowWhere: { column, value }",
        },
      ],
    });
    expect(parseBinding({ type: "notion", pageId: "p" })).toMatchObject({
      ok: false,
      problems: [{ path: "source.property" }],
    });
  });
});
