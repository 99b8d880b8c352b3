/**
 * The execution layer (DOMAIN §7) in one call: the pipeline and its lines, dependencies, health and
 * resource fluidity, with their alerts and lint. Pure: the scorer passes in the key-result scores it has
 * already computed and which cycles are in progress.
 */

import { lazyFirstById } from "../first-by-id.ts";
import type { CascadeDocument } from "../model/document.ts";
import type { ExecutionAssessment, InitiativeReport } from "../model/execution.ts";
import type { Alert, IsoDate, KeyResultScore, KeyResultStatus, LintFinding } from "../model/report.ts";
import type { ResolvedSettings } from "../settings.ts";
import { blockersOf, dependencyAlerts, worstStatus } from "./dependencies.ts";
import {
  type DependencyGraph,
  dependencyCycles,
  dependsOnNode,
  graphOfResolved,
} from "./dependency-graph.ts";
import { applyReallocations } from "./fluidity.ts";
import { assessHealth } from "./health.ts";
import { idOf, indexItems } from "./items.ts";
import { drawPipeline } from "./pipeline.ts";
import { executionReferences } from "./references.ts";
import { compareIds, rankInitiatives } from "./wsjf.ts";

export type { ExecutionAssessment } from "../model/execution.ts";

export interface ExecutionInput {
  doc: CascadeDocument;
  asOf: IsoDate;
  settings: ResolvedSettings;
  /**
   * The scored key results in the document's order: `keyResults[k]` scores `doc.keyResults[k]`
   * (undefined: not scored, which only tests leave out).
   */
  keyResults: ReadonlyArray<Pick<KeyResultScore, "status"> | undefined>;
  cycleInProgress: (cycleId: string) => boolean;
}

/**
 * Assesses the execution sections of a document on asOf. Every list is sorted by a stable key
 * (initiatives by rank, capacity by cycle and team, health by area and id, alerts and lint by code and
 * subject), so the document's array order never changes the result (except where DOMAIN makes it
 * decide: reallocations on the same date apply in array order).
 *
 * @example
 * const scores = doc.keyResults.map((kr) => scoreKeyResult(kr, cycle, asOf, settings, expected));
 * const execution = assessExecution({ doc, asOf, settings, keyResults: scores, cycleInProgress });
 * execution.capacity.filter((c) => c.overCapacity.length > 0) // teams over their line
 */
export function assessExecution(input: ExecutionInput): ExecutionAssessment {
  const { doc, asOf, settings } = input;
  const initiatives = doc.initiatives ?? [];

  const pipeline = drawPipeline(doc, rankInitiatives(initiatives), asOf);

  // Every reference resolved once; from here on, key results and initiatives are numbered items.
  const items = indexItems(doc);
  const keyResultStatus = (k: number) => input.keyResults[k]?.status;
  const initStatus = initiatives.map((_, i) => {
    const statuses: Array<KeyResultStatus | undefined> = [];
    for (let at = items.keyResultStart[i] as number; at < (items.keyResultStart[i + 1] as number); at++) {
      const k = items.keyResultItems[at] as number;
      if (k !== -1) statuses.push(keyResultStatus(k));
    }
    return worstStatus(statuses);
  });
  const K = items.keyResultCount;
  const statusOfItem = (item: number): KeyResultStatus | null =>
    item < K ? (keyResultStatus(item) ?? null) : (initStatus[item - K] ?? null);

  const graph = graphOfResolved(
    { from: items.dependencyFrom, to: items.dependencyTo },
    { count: items.count, idOf: (item) => idOf(items, item), itemOf: (id) => items.itemOf.get(id) },
  );
  const { itemOfNode } = graph;
  const statusOfNode = (node: number) => statusOfItem(itemOfNode[node] as number);
  const blockers = blockersOf(graph, statusOfNode);
  const objectiveById = lazyFirstById(doc.objectives);
  const depAlerts = dependencyAlerts(graph, blockers, {
    statusOf: statusOfNode,
    inProgress: (node) => {
      const item = itemOfNode[node] as number;
      const cycleId =
        item < K
          ? objectiveById.get(doc.keyResults[item]?.objectiveId as string)?.cycleId
          : initiatives[item - K]?.cycleId;
      return cycleId !== undefined && input.cycleInProgress(cycleId);
    },
    titleOf: (node) => {
      const item = itemOfNode[node] as number;
      return (item < K ? doc.keyResults[item]?.title : initiatives[item - K]?.title) as string;
    },
  });

  const health = assessHealth(doc.healthMetrics ?? [], asOf);
  const fluidity = applyReallocations(
    initiatives,
    doc.reallocations ?? [],
    asOf,
    settings.microReallocationShare,
    items,
  );

  const { placements } = pipeline;
  const reports: InitiativeReport[] = pipeline.ranked.map((p, n) => {
    const i = p.initiative;
    // A duplicate id reads what its first initiative has, as every lookup by id does.
    const first = items.firstInitiative[p.position] as number;
    const node = graph.nodeOfItem[items.itemOfInitiative[p.position] as number] as number;
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
      teamRank: placements.teamRank[n] as number,
      line: placements.line[n] ?? null,
      tradeOffId: placements.tradeOffId[n] ?? null,
      status: initStatus[first] ?? null,
      keyResultIds: i.keyResultIds?.slice() ?? [],
      dependsOn: node < 0 ? [] : dependsOnNode(graph, node),
      blockedBy: node < 0 ? [] : idsOf(graph, blockers[node]),
      budget: i.budget ?? 0,
      currentBudget: fluidity.budgets[p.position] as number,
    };
  });

  const alerts: Alert[] = [...depAlerts, ...health.alerts].sort(
    (a, b) => compareIds(a.code, b.code) || compareIds(a.subject, b.subject),
  );
  const lint: LintFinding[] = [
    ...pipeline.lint,
    ...dependencyCycles(graph),
    ...executionReferences(doc, items),
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

/** The ids of some nodes. */
function idsOf(graph: DependencyGraph, nodes: readonly number[] | undefined): string[] {
  const ids: string[] = [];
  for (const node of nodes ?? []) ids.push(graph.ids[node] as string);
  return ids;
}
