/**
 * The one scorer every surface calls: a cascade document and a day in, the §8 report out.
 */
import { compareText } from "./compare.ts";
import { assessExecution } from "./execution/index.ts";
import { firstById } from "./first-by-id.ts";
import { compareFindings, lintDocument } from "./lint/index.ts";
import type { CascadeDocument, Cycle } from "./model/document.ts";
import type { Alert, IsoDate, KeyResultScore, ScoreReport } from "./model/report.ts";
import { keyResultAlerts } from "./scoring/alerts.ts";
import { cycleInProgress, expectedProgress } from "./scoring/expected.ts";
import { scoreKeyResult } from "./scoring/key-result.ts";
import { firstPositions, rollUp } from "./scoring/roll-up.ts";
import { resolveSettings } from "./settings.ts";

const SEVERITY_ORDER = { high: 0, medium: 1 } as const;

/** Where a key result sits in time: its objective's cycle and how far into it asOf is. */
interface Place {
  cycle: Cycle;
  expected: number;
}

/** Orders alerts high first, then by code, subject and message. */
export function compareAlerts(a: Alert, b: Alert): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareText(a.code, b.code) ||
    compareText(a.subject, b.subject) ||
    compareText(a.message, b.message)
  );
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return compareText(a.id, b.id) || compareText(JSON.stringify(a), JSON.stringify(b));
}

/**
 * Scores a valid cascade document on `asOf` (DOMAIN §8). Pure and deterministic: every list of the
 * report is sorted (scores by id, alerts by severity, lint errors first), so the document's array order
 * never changes the result.
 *
 * @example
 * const report = scoreCascade(doc, "2026-11-24");
 * report.objectives.find((o) => o.id === "obj-q4-growth")?.status // "at_risk"
 */
export function scoreCascade(doc: CascadeDocument, asOf: IsoDate): ScoreReport {
  const settings = resolveSettings(doc);
  const cycles = firstById<Cycle>(doc.cycles);
  // Objective id → its cycle with the cycle's expected progress (first objective of an id; undefined
  // when its cycle is unknown): one lookup per key result.
  const placeOfCycle = new Map<Cycle, Place>();
  for (const cycle of cycles.values()) {
    placeOfCycle.set(cycle, { cycle, expected: expectedProgress(cycle, asOf) });
  }
  const placeOf = new Map<string, Place | undefined>();
  for (const objective of doc.objectives) {
    if (placeOf.has(objective.id)) continue;
    const cycle = cycles.get(objective.cycleId);
    placeOf.set(objective.id, cycle === undefined ? undefined : placeOfCycle.get(cycle));
  }

  const keyResults: KeyResultScore[] = [];
  const keyResultWeights: number[] = [];
  const alerts: Alert[] = [];
  for (const kr of doc.keyResults) {
    const place = placeOf.get(kr.objectiveId);
    const score = scoreKeyResult(kr, place?.cycle, asOf, settings, place?.expected ?? 0);
    keyResults.push(score);
    keyResultWeights.push(kr.weight ?? 1);
    alerts.push(...keyResultAlerts(kr, score, place?.cycle, asOf, settings));
  }

  const positionOf = firstPositions(doc.objectives);
  const rolled = rollUp({ doc, asOf, settings, cycles, keyResults, keyResultWeights, positionOf });
  const lint = lintDocument(doc, settings, positionOf);

  // The execution layer (DOMAIN §7) works on the key-result scores above; its alerts and lint join ours.
  const cyclesInProgress = new Set<string>();
  for (const [id, cycle] of cycles) if (cycleInProgress(cycle, asOf)) cyclesInProgress.add(id);
  const execution = assessExecution({
    doc,
    asOf,
    settings,
    keyResults,
    cyclesInProgress,
  });
  alerts.push(...execution.alerts);
  lint.push(...execution.lint);

  return {
    asOf,
    organization: doc.organization,
    keyResults: keyResults.sort(byId),
    objectives: rolled.objectives.sort(byId),
    goals: rolled.goals.sort(byId),
    imperatives: rolled.imperatives.sort(byId),
    alerts: alerts.sort(compareAlerts),
    lint: lint.sort(compareFindings),
    initiatives: execution.initiatives,
    capacity: execution.capacity,
    health: execution.health,
    reallocations: execution.reallocations,
  };
}
