/**
 * Reconciliation (README, "Reconciliation"): a key result's bound source is the record of its value.
 * Each pull that sees a value other than the one the source last gave appends a check-in marked with
 * the source (`source: "coda"` or `"notion"`, the binding's type); a value pulled again is not
 * recorded twice. Check-ins from other surfaces are kept as they are; where one disagrees with the
 * source on the same day, the conflict is reported here for the history and raised by the core as a
 * `source_conflict` alert (DOMAIN §5) until someone resolves it. Pure: the worker applies the plan.
 */
import type { CascadeDocument, CheckIn, KeyResult } from "../../schema/document.ts";

export interface PulledValue {
  readonly keyResultId: string;
  readonly source: "coda" | "notion";
  readonly value: number;
}

export interface SourceConflict {
  readonly keyResultId: string;
  readonly source: "coda" | "notion";
  readonly date: string;
  readonly sourceValue: number;
  readonly otherValue: number;
}

export interface ReconciliationPlan {
  /** The check-ins to append, in the order pulled. */
  readonly checkIns: ReadonlyArray<{ readonly keyResultId: string; readonly checkIn: CheckIn }>;
  /** Pulled values the source had given already (nothing to record). */
  readonly unchanged: number;
  /** Pulled values not recorded because the key result's cycle is not running on `day`. */
  readonly outsideCycle: ReadonlyArray<{ readonly keyResultId: string; readonly reason: string }>;
  /** Days on which a check-in from another surface disagrees with the source, after the plan. */
  readonly conflicts: readonly SourceConflict[];
}

/**
 * What recording `pulled` on `day` (the run's UTC day) changes in `doc`.
 *
 * @example
 * planReconciliation(doc, [{ keyResultId: "kr-1", source: "coda", value: 120 }], "2026-02-10")
 * // { checkIns: [{ keyResultId: "kr-1", checkIn: { date: "2026-02-10", value: 120, source: "coda" } }], … }
 */
export function planReconciliation(
  doc: CascadeDocument,
  pulled: readonly PulledValue[],
  day: string,
): ReconciliationPlan {
  const keyResults = new Map(doc.keyResults.map((kr) => [kr.id, kr]));
  const cycleOf = new Map<string, { start: string; end: string }>();
  const cycles = new Map(doc.cycles.map((c) => [c.id, c]));
  for (const o of doc.objectives) {
    const cycle = cycles.get(o.cycleId);
    if (cycle) cycleOf.set(o.id, cycle);
  }
  const checkIns: Array<{ keyResultId: string; checkIn: CheckIn }> = [];
  const outsideCycle: Array<{ keyResultId: string; reason: string }> = [];
  const conflicts: SourceConflict[] = [];
  let unchanged = 0;
  for (const { keyResultId, source, value } of pulled) {
    const kr = keyResults.get(keyResultId);
    if (kr === undefined) continue;
    const cycle = cycleOf.get(kr.objectiveId);
    if (cycle === undefined || day < cycle.start || day > cycle.end) {
      outsideCycle.push({
        keyResultId,
        reason: cycle
          ? `its cycle runs ${cycle.start} to ${cycle.end}: a value pulled on ${day} is not recorded`
          : "its objective has no cycle",
      });
      continue;
    }
    const sorted = inDateOrder(kr.checkIns ?? []);
    const last = latest(sorted, (c) => c.source === source && c.date <= day);
    const added: CheckIn = { date: day, value, source };
    if (last?.value !== undefined && sameFigure(last.value, value)) unchanged++;
    else checkIns.push({ keyResultId, checkIn: added });
    const after = last?.value !== undefined && sameFigure(last.value, value) ? sorted : [...sorted, added];
    const conflict = conflictOn(after, source, day);
    if (conflict) conflicts.push({ keyResultId, source, date: day, ...conflict });
  }
  return { checkIns, unchanged, outsideCycle, conflicts };
}

/** The day's latest check-in from the source against the day's latest from anyone else, if they differ. */
function conflictOn(
  sorted: readonly CheckIn[],
  source: string,
  day: string,
): { sourceValue: number; otherValue: number } | null {
  const fromSource = latest(sorted, (c) => c.date === day && c.source === source && c.value !== undefined);
  const other = latest(sorted, (c) => c.date === day && c.source !== source && c.value !== undefined);
  if (fromSource?.value === undefined || other?.value === undefined) return null;
  return sameFigure(fromSource.value, other.value)
    ? null
    : { sourceValue: fromSource.value, otherValue: other.value };
}

/** Check-ins by date, array order breaking ties (DOMAIN §3: the later in the array is the later). */
function inDateOrder(checkIns: readonly CheckIn[]): CheckIn[] {
  return checkIns
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (a.c.date < b.c.date ? -1 : a.c.date > b.c.date ? 1 : a.i - b.i))
    .map(({ c }) => c);
}

function latest(sorted: readonly CheckIn[], keep: (c: CheckIn) => boolean): CheckIn | undefined {
  for (let i = sorted.length - 1; i >= 0; i--) {
    const c = sorted[i] as CheckIn;
    if (keep(c)) return c;
  }
  return undefined;
}

/** Equal as figures: the same number but for floating-point rounding. */
export function sameFigure(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The key results of `doc` bound to a source of `type`. */
export function boundKeyResults(doc: CascadeDocument, type: "coda" | "notion"): KeyResult[] {
  return doc.keyResults.filter((kr) => kr.source?.type === type);
}
