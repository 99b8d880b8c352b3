/**
 * A workspace's stored cascade scored by the core, with lookups by id. The API's lists, the report and
 * (later) the dashboard all read through here, so every surface shows the numbers of one scorer.
 */

import type { KeyResultScore, ObjectiveScore, ScoreReport } from "../core/model/report.ts";
import { scoreCascade } from "../core/report.ts";
import type { KeyResult } from "../schema/document.ts";
import { loadCascade, type StoredCascade } from "./db/cascade-read.ts";

export interface ScoredCascade {
  stored: StoredCascade;
  report: ScoreReport;
  keyResults: Map<string, KeyResultScore>;
  objectives: Map<string, ObjectiveScore>;
  goals: Map<string, number | null>;
  imperatives: Map<string, number | null>;
}

/** Today as `YYYY-MM-DD` (UTC): the default `asOf`. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function scoreStored(stored: StoredCascade, asOf: string): ScoredCascade {
  const report = scoreCascade(stored.doc, asOf);
  return {
    stored,
    report,
    keyResults: new Map(report.keyResults.map((k) => [k.id, k])),
    objectives: new Map(report.objectives.map((o) => [o.id, o])),
    goals: new Map(report.goals.map((g) => [g.id, g.score])),
    imperatives: new Map(report.imperatives.map((i) => [i.id, i.score])),
  };
}

/** The workspace's cascade scored on `asOf`, or null when it has none yet. */
export async function loadScoredCascade(
  db: D1Database,
  workspaceId: string,
  asOf: string,
): Promise<ScoredCascade | null> {
  const stored = await loadCascade(db, workspaceId);
  return stored ? scoreStored(stored, asOf) : null;
}

/** A key result as the API lists it: its fields (no check-ins), its version and its computed score. */
export function keyResultItem(kr: KeyResult, version: number, score: KeyResultScore | undefined) {
  const { checkIns: _checkIns, ...fields } = kr;
  return {
    ...fields,
    version,
    current: score?.current ?? null,
    attainment: score?.attainment ?? null,
    progress: score?.progress ?? null,
    expected: score?.expected ?? 0,
    status: score?.status ?? ("no_data" as const),
    forecast: score?.forecast ?? null,
  };
}
