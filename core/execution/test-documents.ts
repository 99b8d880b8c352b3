/**
 * Small documents for the execution tests: one 84-day cycle `q1` from Monday 2026-01-05 to 2026-03-30,
 * one imperative, goal and objective, and whatever initiatives, dependencies, metrics and moves a test
 * adds. Not a test file itself.
 */
import type { CascadeDocument, Initiative, KeyResult } from "../model/document.ts";
import type { KeyResultScore, KeyResultStatus } from "../model/report.ts";
import { DEFAULT_SETTINGS, type ResolvedSettings } from "../settings.ts";
import { assessExecution } from "./index.ts";

export const Q1 = { id: "q1", start: "2026-01-05", end: "2026-03-30" } as const;

export function makeDoc(parts: Partial<CascadeDocument> = {}): CascadeDocument {
  return {
    version: 1,
    organization: "Test Co",
    cycles: [{ ...Q1 }],
    imperatives: [{ id: "imp", title: "Win" }],
    goals: [{ id: "goal", title: "Grow", imperativeId: "imp", year: 2026 }],
    objectives: [{ id: "obj", title: "Objective", cycleId: "q1", goalId: "goal", team: "core" }],
    keyResults: [],
    ...parts,
  };
}

/** An initiative of team `core` in `q1`: size 1 and cost of delay 0 unless a test says otherwise. */
export function initiative(id: string, fields: Partial<Initiative> = {}): Initiative {
  return {
    id,
    title: `Initiative ${id}`,
    type: "business",
    team: "core",
    cycleId: "q1",
    size: 1,
    value: 0,
    timeCriticality: 0,
    riskReduction: 0,
    ...fields,
  };
}

export function keyResult(id: string, fields: Partial<KeyResult> = {}): KeyResult {
  return { id, objectiveId: "obj", title: `KR ${id}`, kind: "increase", start: 0, target: 100, ...fields };
}

/** A scored key result with just the status that matters to the execution layer. */
export function scored(id: string, status: KeyResultStatus): KeyResultScore {
  return {
    id,
    objectiveId: "obj",
    kind: "increase",
    current: null,
    attainment: null,
    progress: status === "invalid" ? null : 0,
    expected: 0.5,
    status,
    forecast: null,
  };
}

export interface AssessOptions {
  asOf?: string;
  statuses?: Record<string, KeyResultStatus>;
  inProgress?: readonly string[];
  settings?: Partial<ResolvedSettings>;
}

/** assessExecution with test defaults: asOf 2026-02-16, every cycle of the document in progress. */
export function assess(doc: CascadeDocument, options: AssessOptions = {}) {
  return assessExecution({
    doc,
    asOf: options.asOf ?? "2026-02-16",
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    keyResults: doc.keyResults.map((kr) => {
      const status = options.statuses?.[kr.id];
      return status === undefined ? undefined : scored(kr.id, status);
    }),
    cyclesInProgress: new Set(options.inProgress ?? doc.cycles.map((c) => c.id)),
  });
}
