/**
 * Resource fluidity (DOMAIN §7): budget moves between initiatives. Small moves keep execution adaptive
 * without a leadership decision; large ones need an approver; none may leave an initiative in the red.
 */

import { atLeast } from "../bounds.ts";
import { compareText } from "../compare.ts";
import type { Initiative, Reallocation } from "../model/document.ts";
import type { ReallocationReport } from "../model/execution.ts";
import type { IsoDate, LintFinding } from "../model/report.ts";
import { finite } from "./finite.ts";
import { formatNumber, formatPercent } from "./format.ts";
import type { ExecutionItems } from "./items.ts";

export interface Fluidity {
  /**
   * For each initiative, by its position, the budget after the moves. Moves name initiatives by id, so
   * they move the first initiative of an id, and a duplicate shows its first initiative's budget.
   */
  budgets: Float64Array;
  /** The sum of the initiatives' planned budgets (missing: 0). */
  totalBudget: number;
  reallocations: ReallocationReport[];
  lint: LintFinding[];
}

/**
 * Applies the reallocations dated ≤ asOf in date order (same date: array order). A move whose `from` or
 * `to` names no initiative is not applied (it is an `unknown_reference`). A move of at least
 * microReallocationShare × total budget is major and needs `approvedBy`; a move that leaves `from` below
 * 0 is `negative_budget`.
 *
 * `positions` are each id's first initiative and each initiative's first of its id, from `indexItems`.
 *
 * @example
 * const moves = [{ id: "r1", date: "2026-02-01", from: "a", to: "b", amount: 5 }];
 * applyReallocations([a, b], moves, "2026-03-01", 0.1, indexItems(doc)).budgets[1] // b's budget + 5
 */
export function applyReallocations(
  initiatives: readonly Initiative[],
  reallocations: readonly Reallocation[],
  asOf: IsoDate,
  microShare: number,
  positions: Pick<ExecutionItems, "initiativeOf" | "firstInitiative">,
): Fluidity {
  const { initiativeOf, firstInitiative } = positions;
  const budgets = new Float64Array(initiatives.length);
  const planned: number[] = [];
  for (let n = 0; n < initiatives.length; n++) {
    const budget = (initiatives[n] as Initiative).budget ?? 0;
    budgets[n] = budget;
    if (firstInitiative[n] === n) planned.push(budget);
  }
  // Summed in ascending order: a floating-point sum (and where it saturates) depends on the order of
  // its terms, and the document's order must not change the micro limit.
  let totalBudget = 0;
  for (const budget of Float64Array.from(planned).sort()) totalBudget = finite(totalBudget + budget);
  const threshold = finite(microShare * totalBudget);
  const moves = reallocations
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => r.date <= asOf)
    .sort((a, b) => compareText(a.r.date, b.r.date) || a.index - b.index);

  const reports: ReallocationReport[] = [];
  const lint: LintFinding[] = [];
  for (const { r, index } of moves) {
    // A move of exactly the share is major, even when share × total lands a hair above it.
    const scale = atLeast(r.amount, threshold) ? "major" : "micro";
    const from = initiativeOf.get(r.from);
    const to = initiativeOf.get(r.to);
    const applied = from !== undefined && to !== undefined;
    let fromBudgetAfter: number | null = null;
    if (applied) {
      fromBudgetAfter = finite((budgets[from] as number) - r.amount);
      budgets[from] = fromBudgetAfter;
      budgets[to] = finite((budgets[to] as number) + r.amount);
    }
    reports.push({
      id: r.id,
      date: r.date,
      from: r.from,
      to: r.to,
      amount: r.amount,
      scale,
      approvedBy: r.approvedBy ?? null,
      applied,
      fromBudgetAfter,
    });
    if (scale === "major" && (r.approvedBy === undefined || r.approvedBy.trim() === "")) {
      lint.push({
        code: "unapproved_reallocation",
        severity: "warning",
        subject: r.id,
        path: `reallocations[${index}].approvedBy`,
        message:
          `Moves ${formatNumber(r.amount)} from ${r.from} to ${r.to}, at least the micro limit of ` +
          `${formatNumber(threshold)} (${formatPercent(microShare)} of the total budget ` +
          `${formatNumber(totalBudget)}), without an approver: name who approved it.`,
      });
    }
    if (fromBudgetAfter !== null && fromBudgetAfter < 0) {
      lint.push({
        code: "negative_budget",
        severity: "error",
        subject: r.id,
        path: `reallocations[${index}].amount`,
        message: `Leaves ${r.from} with a budget of ${formatNumber(fromBudgetAfter)}: a move cannot take more than is left.`,
      });
    }
  }
  for (let n = 0; n < firstInitiative.length; n++) {
    const first = firstInitiative[n] as number;
    if (first !== n) budgets[n] = budgets[first] as number;
  }
  return { budgets, totalBudget, reallocations: reports, lint };
}
