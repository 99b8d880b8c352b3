import { describe, expect, it } from "vitest";
import type { Initiative, Reallocation } from "../model/document.ts";
import { applyReallocations } from "./fluidity.ts";
import { indexItems } from "./items.ts";
import { assess, initiative, makeDoc } from "./test-documents.ts";

// Total budget 1000 (600 + 400 + none): the micro limit at 10% is 100.
const initiatives = [initiative("a", { budget: 600 }), initiative("b", { budget: 400 }), initiative("c")];

/** applyReallocations with the initiatives indexed as the execution layer indexes them. */
function reallocate(
  initiatives: Initiative[],
  moves: Reallocation[],
  asOf: string,
  share: number,
): ReturnType<typeof applyReallocations> {
  return applyReallocations(initiatives, moves, asOf, share, indexItems(makeDoc({ initiatives })));
}

function move(
  id: string,
  from: string,
  to: string,
  amount: number,
  fields: Partial<Reallocation> = {},
): Reallocation {
  return { id, date: "2026-02-01", from, to, amount, ...fields };
}

describe("resource fluidity", () => {
  it("moves budget and counts a missing budget as 0", () => {
    const result = reallocate(initiatives, [move("r1", "a", "c", 50)], "2026-02-16", 0.1);
    expect(result.totalBudget).toBe(1000);
    expect([...result.budgets]).toEqual([550, 400, 50]);
  });

  it("calls a move just below the share micro and one at exactly the share major", () => {
    const result = reallocate(
      initiatives,
      [move("small", "a", "b", 99.99), move("exact", "a", "b", 100)],
      "2026-02-16",
      0.1,
    );
    expect(result.reallocations.map((r) => [r.id, r.scale])).toEqual([
      ["small", "micro"],
      ["exact", "major"],
    ]);
    expect(result.lint).toEqual([
      {
        code: "unapproved_reallocation",
        severity: "warning",
        subject: "exact",
        path: "reallocations[1].approvedBy",
        message:
          "Moves 100 from a to b, at least the micro limit of 100 (10% of the total budget 1000), without an " +
          "approver: name who approved it.",
      },
    ]);
  });

  it("calls a move of exactly the share major when share × total lands a hair above it", () => {
    // 0.1 × 6 is 0.6000000000000001 in floating point; a move of 0.6 is 10% of the budget.
    const six = [initiative("a", { budget: 4 }), initiative("b", { budget: 2 })];
    const result = reallocate(
      six,
      [move("tenth", "a", "b", 0.6), move("less", "a", "b", 0.59)],
      "2026-02-16",
      0.1,
    );
    expect(result.reallocations.map((r) => [r.id, r.scale])).toEqual([
      ["tenth", "major"],
      ["less", "micro"],
    ]);
  });

  it("accepts a major move with an approver", () => {
    const result = reallocate(
      initiatives,
      [move("r", "a", "b", 300, { approvedBy: "CFO" })],
      "2026-02-16",
      0.1,
    );
    expect(result.reallocations[0]).toMatchObject({ scale: "major", approvedBy: "CFO", applied: true });
    expect(result.lint).toEqual([]);
  });

  it("applies moves in date order, same date in array order, and flags the one that goes below 0", () => {
    // b has 400: the Feb 1 move takes 300 (100 left), then the two Feb 10 moves take 100 (0 left) and 50.
    const moves = [
      move("third", "b", "a", 50, { date: "2026-02-10", approvedBy: "CFO" }),
      move("second", "b", "a", 100, { date: "2026-02-10", approvedBy: "CFO" }),
      move("first", "b", "a", 300, { date: "2026-02-01", approvedBy: "CFO" }),
    ];
    // Same date, array order: "third" (index 0) goes before "second" (index 1).
    const result = reallocate(initiatives, moves, "2026-02-16", 0.1);
    expect(result.reallocations.map((r) => [r.id, r.fromBudgetAfter])).toEqual([
      ["first", 100],
      ["third", 50],
      ["second", -50],
    ]);
    expect(result.lint.map((f) => [f.code, f.severity, f.subject, f.path])).toEqual([
      ["negative_budget", "error", "second", "reallocations[1].amount"],
    ]);
    expect(result.budgets[0]).toBe(1050);
  });

  it("ignores moves dated after asOf", () => {
    const result = reallocate(
      initiatives,
      [move("r", "a", "b", 10, { date: "2026-02-17" })],
      "2026-02-16",
      0.1,
    );
    expect(result.reallocations).toEqual([]);
    expect(result.budgets[0]).toBe(600);
  });

  it("does not apply a move that names an unknown initiative", () => {
    const result = reallocate(initiatives, [move("r", "a", "ghost", 10)], "2026-02-16", 0.1);
    expect(result.reallocations[0]).toMatchObject({ applied: false, fromBudgetAfter: null });
    expect(result.budgets[0]).toBe(600);
  });

  it("makes every move major when there is no budget at all", () => {
    const result = reallocate(
      [initiative("x"), initiative("y")],
      [move("r", "x", "y", 1)],
      "2026-02-16",
      0.1,
    );
    expect(result.reallocations[0]?.scale).toBe("major");
    expect(result.lint.map((f) => f.code).sort()).toEqual(["negative_budget", "unapproved_reallocation"]);
  });

  it("shows planned and current budgets in the initiative report, and the share from settings", () => {
    const doc = makeDoc({ initiatives, reallocations: [move("r", "a", "b", 150)] });
    const result = assess(doc, { settings: { microReallocationShare: 0.2 } });
    expect(result.initiatives.map((i) => [i.id, i.budget, i.currentBudget])).toEqual([
      ["a", 600, 450],
      ["b", 400, 550],
      ["c", 0, 0],
    ]);
    expect(result.reallocations[0]?.scale).toBe("micro");
    expect(result.lint).toEqual([]);
  });

  it("sums the total budget the same way whatever the order of the initiatives", () => {
    // Summed a, b, c the running total saturates at the largest double before c takes 1e308 off;
    // summed c, a, b it does not. Only a fixed order of the terms gives one micro limit.
    const huge = [
      initiative("a", { budget: 1e308 }),
      initiative("b", { budget: 1e308 }),
      initiative("c", { budget: -1e308 }),
    ];
    const totals = [huge, [...huge].reverse(), [huge[2], huge[0], huge[1]]].map(
      (order) => reallocate(order as typeof huge, [], "2026-02-16", 0.1).totalBudget,
    );
    expect(new Set(totals).size).toBe(1);
    expect(Number.isFinite(totals[0])).toBe(true);
  });
});
