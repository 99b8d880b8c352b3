/**
 * The cascade as one tree for every surface that draws it (the CLI's `score`, the dashboard): imperative
 * → goal → objective (nested under its parent) → key result, with the report's numbers on each node,
 * filtered by cycle and team with one rule. The views only render it.
 */
import { firstById } from "../first-by-id.ts";
import type { CascadeDocument, Goal, Imperative, KeyResult, Objective } from "../model/document.ts";
import type {
  Grade,
  KeyResultScore,
  KeyResultStatus,
  ObjectiveScore,
  ObjectiveStatus,
  ScoreReport,
} from "../model/report.ts";

/** Which objectives to show: those of this cycle and of this team (unset: any). */
export interface CascadeTreeFilters {
  cycle?: string | undefined;
  team?: string | undefined;
}

export interface KeyResultNode {
  id: string;
  keyResult: KeyResult;
  /** The report's numbers; null when the report has no score of this id. */
  progress: number | null;
  expected: number | null;
  status: KeyResultStatus | null;
  current: number | null;
}

export interface ObjectiveNode {
  id: string;
  objective: Objective;
  /**
   * Outside the filters, shown only because an objective the filters keep hangs below it: drawn for
   * where that one contributes, without its own key results.
   */
  context: boolean;
  score: number | null;
  expected: number | null;
  status: ObjectiveStatus | null;
  grade: Grade | null;
  /** In the document's order; empty for a context objective. */
  keyResults: KeyResultNode[];
  /** The objectives whose parent this is, in the document's order. */
  children: ObjectiveNode[];
}

export interface GoalNode {
  id: string;
  goal: Goal;
  score: number | null;
  /** Its objectives without a parent, in the document's order. */
  objectives: ObjectiveNode[];
}

export interface ImperativeNode {
  id: string;
  imperative: Imperative;
  score: number | null;
  goals: GoalNode[];
}

export interface CascadeTree {
  imperatives: ImperativeNode[];
  /** What the cascade's own links do not reach (the lint names each): every objective is in the tree once. */
  unlinked: {
    /** Goals whose imperative is not in the document. */
    goals: GoalNode[];
    /**
     * Objectives without a parent that reach no known goal, then objectives below a parent not in the
     * document or on a loop of parents.
     */
    objectives: ObjectiveNode[];
  };
}

/** Appends to `list` under `key`, creating the list on first use (no copy per item). */
function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}

/**
 * The cascade tree of a document and its report, in the document's order.
 *
 * The filters' rule: an objective of the chosen cycle and team is shown with its key results; one that
 * is not, but has such an objective somewhere below it, is shown as context (`context: true`, no key
 * results); any other objective is hidden. With a filter set, goals and imperatives with nothing shown
 * below them are left out; without one, everything is shown, empty goals too.
 *
 * @example
 * const tree = cascadeTree(doc, scoreCascade(doc, "2026-11-24"), { team: "platform" });
 * const pipeline = tree.imperatives[0]?.goals[0]?.objectives[1]; // growth's, with a platform one below
 * pipeline?.context // true
 * pipeline?.keyResults.length // 0
 */
export function cascadeTree(
  doc: CascadeDocument,
  report: ScoreReport,
  filters: CascadeTreeFilters = {},
): CascadeTree {
  const { cycle, team } = filters;
  const filtering = cycle !== undefined || team !== undefined;
  const matches = (o: Objective) =>
    (cycle === undefined || o.cycleId === cycle) && (team === undefined || o.team === team);

  // Everything above a matching objective is context (or matches itself): one walk up from each
  // matching objective, stopping where an earlier walk already went.
  const objectivesById = firstById(doc.objectives);
  const above = new Set<string>();
  if (filtering) {
    for (const o of doc.objectives) {
      if (!matches(o)) continue;
      for (let at = o.parentId; at !== undefined && !above.has(at); ) {
        const parent = objectivesById.get(at);
        if (parent === undefined) break;
        above.add(at);
        at = parent.parentId;
      }
    }
  }
  const shown = (o: Objective) => !filtering || matches(o) || above.has(o.id);

  const childrenOf = new Map<string, Objective[]>();
  for (const o of doc.objectives) if (o.parentId !== undefined && shown(o)) push(childrenOf, o.parentId, o);
  const keyResultsOf = new Map<string, KeyResult[]>();
  for (const kr of doc.keyResults) push(keyResultsOf, kr.objectiveId, kr);

  const keyResultScores = firstById<KeyResultScore>(report.keyResults);
  const objectiveScores = firstById<ObjectiveScore>(report.objectives);
  const goalScores = firstById(report.goals);
  const imperativeScores = firstById(report.imperatives);

  const keyResultNode = (kr: KeyResult): KeyResultNode => {
    const s = keyResultScores.get(kr.id);
    return {
      id: kr.id,
      keyResult: kr,
      progress: s?.progress ?? null,
      expected: s?.expected ?? null,
      status: s?.status ?? null,
      current: s?.current ?? null,
    };
  };
  const objectiveNode = (o: Objective): ObjectiveNode => {
    const s = objectiveScores.get(o.id);
    const context = !matches(o);
    return {
      id: o.id,
      objective: o,
      context,
      score: s?.score ?? null,
      expected: s?.expected ?? null,
      status: s?.status ?? null,
      grade: s?.grade ?? null,
      keyResults: context ? [] : (keyResultsOf.get(o.id) ?? []).map(keyResultNode),
      children: [],
    };
  };

  // Each objective once, depth first in the document's order; a stack rather than recursion, so a long
  // chain of parents cannot overflow. An objective met again (a loop of parents, a duplicate id) is skipped.
  const placed = new Set<string>();
  const objectiveNodes = (roots: readonly Objective[]): ObjectiveNode[] => {
    const out: ObjectiveNode[] = [];
    const stack: Array<{ objective: Objective; into: ObjectiveNode[] }> = [];
    for (let i = roots.length - 1; i >= 0; i--) stack.push({ objective: roots[i] as Objective, into: out });
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const { objective, into } = next;
      if (placed.has(objective.id)) continue;
      placed.add(objective.id);
      const node = objectiveNode(objective);
      into.push(node);
      const children = childrenOf.get(objective.id) ?? [];
      for (let i = children.length - 1; i >= 0; i--) {
        stack.push({ objective: children[i] as Objective, into: node.children });
      }
    }
    return out;
  };

  const topLevelOf = new Map<string, Objective[]>();
  const noGoal: Objective[] = [];
  const goalIds = new Set(doc.goals.map((g) => g.id));
  for (const o of doc.objectives) {
    if (o.parentId !== undefined || !shown(o)) continue;
    if (o.goalId !== undefined && goalIds.has(o.goalId)) push(topLevelOf, o.goalId, o);
    else noGoal.push(o);
  }
  const goalNode = (g: Goal): GoalNode => ({
    id: g.id,
    goal: g,
    score: goalScores.get(g.id)?.score ?? null,
    objectives: objectiveNodes(topLevelOf.get(g.id) ?? []),
  });
  const keep = (g: GoalNode) => !filtering || g.objectives.length > 0;

  const goalsOf = new Map<string, Goal[]>();
  for (const g of doc.goals) push(goalsOf, g.imperativeId, g);
  const imperatives: ImperativeNode[] = [];
  for (const imperative of doc.imperatives) {
    const goals = (goalsOf.get(imperative.id) ?? []).map(goalNode).filter(keep);
    if (filtering && goals.length === 0) continue;
    const score = imperativeScores.get(imperative.id)?.score ?? null;
    imperatives.push({ id: imperative.id, imperative, score, goals });
  }

  const imperativeIds = new Set(doc.imperatives.map((i) => i.id));
  const orphanGoals = doc.goals
    .filter((g) => !imperativeIds.has(g.imperativeId))
    .map(goalNode)
    .filter(keep);
  const unlinked = objectiveNodes(noGoal);
  // Left now: objectives below a parent not in the document, or on a loop of parents (a shown
  // objective's parent is always shown, at least as context, so nothing else is left).
  const unreached = doc.objectives.filter((o) => o.parentId !== undefined && shown(o) && !placed.has(o.id));
  for (const node of objectiveNodes(unreached)) unlinked.push(node);
  return { imperatives, unlinked: { goals: orphanGoals, objectives: unlinked } };
}
