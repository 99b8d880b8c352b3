/**
 * Resource fluidity (DOMAIN §7): budget moves between initiatives. Small moves keep execution adaptive
 * without a leadership decision; large ones need an approver; none may leave an initiative in the red.
 */
import type { Initiative, Reallocation } from "../model/document.ts";
import type { ReallocationReport } from "../model/execution.ts";
import type { IsoDate, LintFinding } from "../model/report.ts";
import { finite } from "./finite.ts";
import { formatNumber, formatPercent } from "./format.ts";
import { compareIds } from "./wsjf.ts";

export interface Fluidity {
  /** Initiative id → budget after the moves (first initiative of an id). */
  budgets: Map<string, number>;
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
 * @example
 * applyReallocations(initiatives, [{ id: "r1", date: "2026-02-01", from: "a", to: "b", amount: 5 }],
 *   "2026-03-01", 0.1).budgets.get("b") // b's budget + 5
 */
export function applyReallocations(
  initiatives: readonly Initiative[],
  reallocations: readonly Reallocation[],
  asOf: IsoDate,
  microShare: number,
): Fluidity {
  const budgets = new Map<string, number>();
  for (const i of initiatives) if (!budgets.has(i.id)) budgets.set(i.id, i.budget ?? 0);
  // Summed in id order: a floating-point sum (and where it saturates) depends on the order of its terms,
  // and the document's order must not change the micro limit.
  let totalBudget = 0;
  for (const id of [...budgets.keys()].sort(compareIds)) {
    totalBudget = finite(totalBudget + (budgets.get(id) as number));
  }
  const threshold = finite(microShare * totalBudget);
  const moves = reallocations
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => r.date <= asOf)
    .sort((a, b) => (a.r.date < b.r.date ? -1 : a.r.date > b.r.date ? 1 : a.index - b.index));

  const reports: ReallocationReport[] = [];
  const lint: LintFinding[] = [];
  for (const { r, index } of moves) {
    const scale = r.amount < threshold ? "micro" : "major";
    const fromBudget = budgets.get(r.from);
    const toBudget = budgets.get(r.to);
    const applied = fromBudget !== undefined && toBudget !== undefined;
    let fromBudgetAfter: number | null = null;
    if (applied) {
      fromBudgetAfter = finite(fromBudget - r.amount);
      budgets.set(r.from, fromBudgetAfter);
      budgets.set(r.to, finite((budgets.get(r.to) as number) + r.amount));
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
  return { budgets, totalBudget, reallocations: reports, lint };
}
