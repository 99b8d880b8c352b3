/**
 * The execution layer (DOMAIN §7) in one call: the pipeline and its lines, dependencies, health and
 * resource fluidity, with their alerts and lint. Pure: the scorer passes in the key-result scores it has
 * already computed and which cycles are in progress.
 */

import { compareText } from "../compare.ts";
import { firstById } from "../first-by-id.ts";
import type { CascadeDocument, Initiative, KeyResult } from "../model/document.ts";
import type { ExecutionAssessment, InitiativeReport, InitiativeStatus } from "../model/execution.ts";
import type { Alert, IsoDate, KeyResultScore, KeyResultStatus, LintFinding } from "../model/report.ts";
import type { ResolvedSettings } from "../settings.ts";
import { blockersOf, dependencyAlerts, type NodeFacts, worstStatus } from "./dependencies.ts";
import {
  type DependencyGraph,
  dependencyCycles,
  dependsOnNode,
  graphOfResolved,
} from "./dependency-graph.ts";
import { applyReallocations } from "./fluidity.ts";
import { assessHealth } from "./health.ts";
import { type ExecutionItems, indexItems } from "./items.ts";
import { drawPipeline } from "./pipeline.ts";
import { executionReferences } from "./references.ts";
import { type RankedInitiative, rankInitiatives } from "./wsjf.ts";

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
  /** The ids of the cycles in progress on asOf. */
  cyclesInProgress: ReadonlySet<string>;
}

/**
 * Assesses the execution sections of a document on asOf. Every list is sorted by a stable key
 * (initiatives by rank, capacity by cycle and team, health by area and id, alerts and lint by code and
 * subject), so the document's array order never changes the result (except where DOMAIN makes it
 * decide: reallocations on the same date apply in array order).
 *
 * The execution layer passes data, not callbacks, between its steps and loops instead of creating
 * closures per call: V8 keeps a closure's optimized code only while an instance of it lives, so after
 * each full garbage collection such closures would run unoptimized again (docs/performance.md).
 *
 * @example
 * const scores = doc.keyResults.map((kr) => scoreKeyResult(kr, cycle, asOf, settings, expected));
 * const execution = assessExecution({ doc, asOf, settings, keyResults: scores, cyclesInProgress });
 * execution.capacity.filter((c) => c.overCapacity.length > 0) // teams over their line
 */
export function assessExecution(input: ExecutionInput): ExecutionAssessment {
  const { doc, asOf, settings } = input;
  const initiatives = doc.initiatives ?? [];

  const pipeline = drawPipeline(doc, rankInitiatives(initiatives), asOf);

  // Every reference resolved once; from here on, key results and initiatives are numbered items.
  const items = indexItems(doc);
  const initStatus = initiativeStatuses(items, input.keyResults);
  const graph = graphOfResolved(
    { from: items.dependencyFrom, to: items.dependencyTo },
    { ids: items.ids, itemOf: items.itemOf },
  );
  const nodes = nodeFacts(graph, items, input, initStatus);
  const blockers = blockersOf(graph, nodes.status);
  const depAlerts = dependencyAlerts(graph, blockers, nodes);

  const health = assessHealth(doc.healthMetrics ?? [], asOf);
  const fluidity = applyReallocations(
    initiatives,
    doc.reallocations ?? [],
    asOf,
    settings.microReallocationShare,
    items,
  );

  const { placements } = pipeline;
  const reports: InitiativeReport[] = [];
  for (let n = 0; n < pipeline.ranked.length; n++) {
    const p = pipeline.ranked[n] as RankedInitiative;
    const i = p.initiative;
    // A duplicate id reads what its first initiative has, as every lookup by id does.
    const first = items.firstInitiative[p.position] as number;
    const node = graph.nodeOfItem[items.itemOfInitiative[p.position] as number] as number;
    reports.push({
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
    });
  }

  const alerts: Alert[] = [...depAlerts, ...health.alerts].sort(byCodeAndSubject);
  const lint: LintFinding[] = [
    ...pipeline.lint,
    ...dependencyCycles(graph),
    ...executionReferences(doc, items),
    ...fluidity.lint,
  ].sort(byCodeSubjectPathAndMessage);

  return {
    initiatives: reports,
    capacity: pipeline.capacity,
    health: health.report,
    reallocations: fluidity.reallocations,
    alerts,
    lint,
  };
}

/** Each initiative's status (by position): the worst of its key results' (DOMAIN §7). */
function initiativeStatuses(
  items: ExecutionItems,
  keyResults: ExecutionInput["keyResults"],
): Array<InitiativeStatus | null> {
  const statuses: Array<InitiativeStatus | null> = [];
  const ofKeyResults: Array<KeyResultStatus | undefined> = [];
  for (let i = 0; i < items.initiatives.length; i++) {
    ofKeyResults.length = 0;
    for (let at = items.keyResultStart[i] as number; at < (items.keyResultStart[i + 1] as number); at++) {
      const k = items.keyResultItems[at] as number;
      if (k !== -1) ofKeyResults.push(keyResults[k]?.status);
    }
    statuses.push(worstStatus(ofKeyResults));
  }
  return statuses;
}

/** What the dependency alerts read of each node of the graph: its item's status, cycle, title and kind. */
function nodeFacts(
  graph: DependencyGraph,
  items: ExecutionItems,
  input: ExecutionInput,
  initStatus: ReadonlyArray<InitiativeStatus | null>,
): NodeFacts {
  const K = items.keyResultCount;
  const count = graph.ids.length;
  const status: Array<KeyResultStatus | null> = [];
  const inProgress = new Uint8Array(count);
  const title: string[] = [];
  const isInitiative = new Uint8Array(count);
  if (count === 0) return { status, inProgress, title, initiative: isInitiative }; // no index of objectives for nothing
  const objectiveById = firstById(input.doc.objectives);
  for (let node = 0; node < count; node++) {
    const item = graph.itemOfNode[node] as number;
    let cycleId: string | undefined;
    if (item < K) {
      const kr = items.keyResults[item] as KeyResult;
      status.push(input.keyResults[item]?.status ?? null);
      title.push(kr.title);
      cycleId = objectiveById.get(kr.objectiveId)?.cycleId;
    } else {
      const initiative = items.initiatives[item - K] as Initiative;
      status.push(initStatus[item - K] ?? null);
      title.push(initiative.title);
      cycleId = initiative.cycleId;
      isInitiative[node] = 1;
    }
    if (cycleId !== undefined && input.cyclesInProgress.has(cycleId)) inProgress[node] = 1;
  }
  return { status, inProgress, title, initiative: isInitiative };
}

function byCodeAndSubject(a: Alert, b: Alert): number {
  return compareText(a.code, b.code) || compareText(a.subject, b.subject);
}

function byCodeSubjectPathAndMessage(a: LintFinding, b: LintFinding): number {
  return (
    compareText(a.code, b.code) ||
    compareText(a.subject, b.subject) ||
    compareText(a.path ?? "", b.path ?? "") ||
    compareText(a.message, b.message)
  );
}

/** The ids of some nodes. */
function idsOf(graph: DependencyGraph, nodes: readonly number[] | undefined): string[] {
  const ids: string[] = [];
  for (const node of nodes ?? []) ids.push(graph.ids[node] as string);
  return ids;
}
