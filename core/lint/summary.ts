import { compareText } from "../compare.ts";
import type { LintCode, LintFinding } from "../model/report.ts";

/** How many lint findings a document has: errors, warnings and the count of each code. */
export interface LintSummary {
  errors: number;
  warnings: number;
  /** By lint code (`LintCode`), only the codes found. */
  byCode: Record<string, number>;
}

/**
 * Counts lint findings, so that an answer can say "15 errors" without listing them (`PUT /cascade`).
 * `byCode` has a key only for the codes found, in code order.
 *
 * @example summarizeLint(report.lint) // { errors: 1, warnings: 1, byCode: { over_capacity: 1, unapproved_reallocation: 1 } }
 */
export function summarizeLint(findings: readonly LintFinding[]): LintSummary {
  let errors = 0;
  const counts = new Map<LintCode, number>();
  for (const f of findings) {
    if (f.severity === "error") errors++;
    counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  }
  const byCode: Record<string, number> = {};
  for (const [code, n] of [...counts].sort(([a], [b]) => compareText(a, b))) byCode[code] = n;
  return { errors, warnings: findings.length - errors, byCode };
}
