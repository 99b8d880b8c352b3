import { compareText } from "../compare.ts";
import type { CascadeDocument, KeyResult } from "../model/document.ts";
import type { LintFinding } from "../model/report.ts";
import { invalidReason } from "../scoring/key-result.ts";
import { firstPositions } from "../scoring/roll-up.ts";
import type { ResolvedSettings } from "../settings.ts";
import { lintAlignment, lintParentCycles } from "./alignment.ts";
import { lintLimits } from "./limits.ts";
import { lintDuplicateIds, lintReferences } from "./references.ts";

/**
 * Lint of §1–§6 (the execution layer adds its own): every finding names its subject, and its field
 * path where one field is at fault.
 *
 * @example lintDocument(doc, resolveSettings(doc)).filter((f) => f.severity === "error")
 */
export function lintDocument(
  doc: CascadeDocument,
  settings: ResolvedSettings,
  positionOf: ReadonlyMap<string, number> = firstPositions(doc.objectives),
): LintFinding[] {
  const invalid: LintFinding[] = [];
  for (let i = 0; i < doc.keyResults.length; i++) {
    const kr = doc.keyResults[i] as KeyResult;
    const reason = invalidReason(kr);
    if (reason === null) continue;
    invalid.push({
      code: "invalid_key_result",
      severity: "error",
      subject: kr.id,
      path: `keyResults[${i}]`,
      message: `Key result "${kr.title}" cannot be scored: ${reason}. It is left out of roll-ups.`,
    });
  }
  // Key results per objective (by the position of the first objective of its id), counted once for the
  // alignment and the focus checks.
  const keyResultCount = new Int32Array(doc.objectives.length);
  for (const kr of doc.keyResults) {
    const p = positionOf.get(kr.objectiveId);
    if (p !== undefined) keyResultCount[p] = (keyResultCount[p] as number) + 1;
  }
  return [
    ...lintDuplicateIds(doc),
    ...lintReferences(doc, positionOf),
    ...lintAlignment(doc, keyResultCount, positionOf),
    ...lintParentCycles(doc, positionOf),
    ...invalid,
    ...lintLimits(doc, settings, keyResultCount, positionOf),
    ...lintCheckInDates(doc, positionOf),
  ];
}

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

/** Orders findings errors first, then by code, subject, path and message: the same for any input order. */
export function compareFindings(a: LintFinding, b: LintFinding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareText(a.code, b.code) ||
    compareText(a.subject, b.subject) ||
    compareText(a.path ?? "", b.path ?? "") ||
    compareText(a.message, b.message)
  );
}

/**
 * §6 `check_in_outside_cycle` (warning): check-ins dated before their key result's cycle starts or after
 * it ends, one finding per key result naming the dates. They still count as §3 says (a value is a
 * value); the worker refuses new ones. The cycle is the one the key result's objective names (the first
 * of duplicate ids); none known, nothing to check.
 */
export function lintCheckInDates(
  doc: CascadeDocument,
  positionOf: ReadonlyMap<string, number>,
): LintFinding[] {
  const cycles = new Map<string, { start: string; end: string }>();
  for (const cycle of doc.cycles) if (!cycles.has(cycle.id)) cycles.set(cycle.id, cycle);
  const findings: LintFinding[] = [];
  doc.keyResults.forEach((kr, i) => {
    const p = positionOf.get(kr.objectiveId);
    const cycleId = p === undefined ? undefined : doc.objectives[p]?.cycleId;
    const cycle = cycleId === undefined ? undefined : cycles.get(cycleId);
    if (cycle === undefined) return;
    const outside = (kr.checkIns ?? [])
      .map((c) => c.date)
      .filter((date) => date < cycle.start || date > cycle.end)
      .sort(compareText);
    if (outside.length === 0) return;
    const what = outside.length === 1 ? "A check-in is" : `${outside.length} check-ins are`;
    findings.push({
      code: "check_in_outside_cycle",
      severity: "warning",
      subject: kr.id,
      path: `keyResults[${i}].checkIns`,
      message: `${what} dated outside cycle ${cycleId} (${cycle.start} to ${cycle.end}): ${outside.join(", ")}. They still count.`,
    });
  });
  return findings;
}
