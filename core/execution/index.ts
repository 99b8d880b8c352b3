/**
 * The execution layer (DOMAIN §7) in one call: the pipeline and its lines, dependencies, health and
 * resource fluidity, with their alerts and lint. Pure: the scorer passes in the key-result scores it has
 * already computed and which cycles are in progress.
 */

import { type ById, firstById, lazyFirstById } from "../first-by-id.ts";
import type { CascadeDocument } from "../model/document.ts";
import type { ExecutionAssessment, InitiativeReport, InitiativeStatus } from "../model/execution.ts";
import type { Alert, IsoDate, KeyResultScore, KeyResultStatus, LintFinding } from "../model/report.ts";
import type { ResolvedSettings } from "../settings.ts";
import { blockersOf, dependencyAlerts, initiativeStatus } from "./dependencies.ts";
import { buildDependencyGraph, dependencyCycles, dependsOn } from "./dependency-graph.ts";
import { applyReallocations } from "./fluidity.ts";
import { assessHealth } from "./health.ts";
import { drawPipeline } from "./pipeline.ts";
import { executionReferences } from "./references.ts";
import { compareIds, rankInitiatives } from "./wsjf.ts";

export type { ExecutionAssessment } from "../model/execution.ts";

export interface ExecutionInput {
  doc: CascadeDocument;
  asOf: IsoDate;
  settings: ResolvedSettings;
  /** The scored key results by id. */
  keyResults: ById<KeyResultScore>;
  cycleInProgress: (cycleId: string) => boolean;
}

/**
 * Assesses the execution sections of a document on asOf. Every list is sorted by a stable key
 * (initiatives by rank, capacity by cycle and team, health by area and id, alerts and lint by code and
 * subject), so the document's array order never changes the result (except where DOMAIN makes it
 * decide: reallocations on the same date apply in array order).
 *
 * @example
 * const scores = new Map(report.keyResults.map((kr) => [kr.id, kr]));
 * const execution = assessExecution({ doc, asOf, settings, keyResults: scores, cycleInProgress });
 * execution.capacity.filter((c) => c.overCapacity.length > 0) // teams over their line
 */
export function assessExecution(input: ExecutionInput): ExecutionAssessment {
  const { doc, asOf, settings } = input;
  const initiatives = doc.initiatives ?? [];

  const pipeline = drawPipeline(doc, rankInitiatives(initiatives), asOf);

  const krStatus = { get: (id: string) => input.keyResults.get(id)?.status };
  const initStatus = new Map<string, InitiativeStatus | null>();
  for (const i of initiatives) {
    if (!initStatus.has(i.id)) initStatus.set(i.id, initiativeStatus(i.keyResultIds ?? [], krStatus));
  }

  // First item per id, as everywhere else when lint reports a duplicate.
  const krById = lazyFirstById(doc.keyResults);
  const initById = firstById(initiatives);
  const objectiveById = lazyFirstById(doc.objectives);
  const statusOf = (id: string): KeyResultStatus | null => krStatus.get(id) ?? initStatus.get(id) ?? null;
  const known = { has: (id: string) => krById.has(id) || initById.has(id) };
  const graph = buildDependencyGraph(doc.dependencies ?? [], known);
  const blockers = blockersOf(graph, statusOf);
  const depAlerts = dependencyAlerts(blockers, {
    statusOf,
    inProgress: (id) => {
      const kr = krById.get(id);
      const cycleId =
        kr === undefined ? initById.get(id)?.cycleId : objectiveById.get(kr.objectiveId)?.cycleId;
      return cycleId !== undefined && input.cycleInProgress(cycleId);
    },
    titleOf: (id) => krById.get(id)?.title ?? initById.get(id)?.title ?? id,
  });

  const health = assessHealth(doc.healthMetrics ?? [], asOf);
  const fluidity = applyReallocations(
    initiatives,
    doc.reallocations ?? [],
    asOf,
    settings.microReallocationShare,
  );

  const reports: InitiativeReport[] = pipeline.initiatives.map((p) => {
    const i = p.initiative;
    return {
      id: i.id,
      title: i.title,
      type: i.type,
      team: i.team,
      cycleId: i.cycleId,
      owner: i.owner ?? null,
      committed: i.committed === true,
      size: i.size,
      costOfDelay: p.costOfDelay,
      priority: p.priority,
      rank: p.rank,
      teamRank: p.teamRank,
      line: p.line,
      tradeOffId: p.tradeOffId,
      status: initStatus.get(i.id) ?? null,
      keyResultIds: [...(i.keyResultIds ?? [])],
      dependsOn: dependsOn(graph, i.id),
      blockedBy: [...(blockers.get(i.id) ?? [])],
      budget: i.budget ?? 0,
      currentBudget: fluidity.budgets.get(i.id) ?? 0,
    };
  });

  const alerts: Alert[] = [...depAlerts, ...health.alerts].sort(
    (a, b) => compareIds(a.code, b.code) || compareIds(a.subject, b.subject),
  );
  const lint: LintFinding[] = [
    ...pipeline.lint,
    ...dependencyCycles(graph),
    ...executionReferences(doc, { keyResults: krById, initiatives: initById }),
    ...fluidity.lint,
  ].sort(
    (a, b) =>
      compareIds(a.code, b.code) ||
      compareIds(a.subject, b.subject) ||
      compareIds(a.path ?? "", b.path ?? "") ||
      compareIds(a.message, b.message),
  );

  return {
    initiatives: reports,
    capacity: pipeline.capacity,
    health: health.report,
    reallocations: fluidity.reallocations,
    alerts,
    lint,
  };
}
