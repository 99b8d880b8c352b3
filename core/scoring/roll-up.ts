/**
 * Roll-up (DOMAIN §4): objective, goal and imperative scores as weighted means of their contributors.
 */
import type { CascadeDocument, Cycle, Objective } from "../model/document.ts";
import type { GoalScore, ImperativeScore, IsoDate, KeyResultScore, ObjectiveScore } from "../model/report.ts";
import type { ResolvedSettings } from "../settings.ts";
import { expectedProgress } from "./expected.ts";
import { gradeOf, statusAgainstPace } from "./pace.ts";

export interface Contribution {
  /**
   * Sorts the contributions, so the floating-point sum never depends on the document's order. Ids are
   * unique across the document, so a KR's or objective's id is a key.
   */
  key: string;
  score: number;
  weight: number;
}

/**
 * Weighted mean of the contributions with weight > 0; null when none is left. The result is kept
 * within the contributors' min and max, which rounding in the sum could otherwise pass by one ulp.
 *
 * @example weightedMean([{ key: "a", score: 0.27, weight: 1 }, { key: "b", score: 0.18, weight: 1 },
 *   { key: "c", score: 0.73, weight: 1 }]) // 0.3933…
 */
export function weightedMean(contributions: readonly Contribution[]): number | null {
  const counted: Contribution[] = [];
  for (const c of contributions) if (c.weight > 0) counted.push(c);
  if (counted.length === 0) return null;
  counted.sort(byKey);
  let sum = 0;
  let weights = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const c of counted) {
    sum += c.score * c.weight;
    weights += c.weight;
    if (c.score < min) min = c.score;
    if (c.score > max) max = c.score;
  }
  const mean = sum / weights;
  if (!Number.isFinite(mean)) return null;
  return Math.min(max, Math.max(min, mean));
}

function byKey(a: Contribution, b: Contribution): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.score - b.score || a.weight - b.weight;
}

/**
 * Objectives whose parent chain loops back to them. Their parent links are ignored when rolling up,
 * so scoring terminates and stays independent of the document's order; lint reports the loop.
 */
export function objectivesOnParentCycles(objectives: readonly Objective[]): Set<string> {
  const parentOf = new Map<string, string | undefined>();
  for (const o of objectives) if (!parentOf.has(o.id)) parentOf.set(o.id, o.parentId);
  const onCycle = new Set<string>();
  // Each walk up the parents stops at the first objective any walk has reached; if this walk reached it
  // itself, the walk has come round a loop, and the loop is the chain from there back to it.
  const walkOf = new Map<string, number>();
  let walk = 0;
  for (const start of parentOf.keys()) {
    if (walkOf.has(start)) continue;
    walk++;
    let node: string | undefined = start;
    while (node !== undefined && parentOf.has(node) && !walkOf.has(node)) {
      walkOf.set(node, walk);
      node = parentOf.get(node);
    }
    if (node === undefined || walkOf.get(node) !== walk) continue;
    let member = node;
    do {
      onCycle.add(member);
      member = parentOf.get(member) as string;
    } while (member !== node);
  }
  return onCycle;
}

interface RollUpInput {
  doc: CascadeDocument;
  asOf: IsoDate;
  settings: ResolvedSettings;
  cycles: ReadonlyMap<string, Cycle>;
  keyResults: readonly KeyResultScore[];
  /** The weight of each key result (default 1), at the same index as its score in `keyResults`. */
  keyResultWeights: readonly number[];
}

export interface RollUp {
  objectives: ObjectiveScore[];
  goals: GoalScore[];
  imperatives: ImperativeScore[];
}

/**
 * Scores every objective, goal and imperative of the document from its scored key results.
 * Objective: own KRs (no_data counts 0, invalid left out) and child objectives with a score.
 * Goal: top-level objectives with that goalId whose cycle has started. Imperative: its goals' scores.
 */
export function rollUp(input: RollUpInput): RollUp {
  const { doc, asOf, settings, cycles } = input;
  // Objective id → the indexes of its key results in input.keyResults.
  const krsByObjective = new Map<string, number[]>();
  for (let i = 0; i < input.keyResults.length; i++) {
    const objectiveId = (input.keyResults[i] as KeyResultScore).objectiveId;
    const list = krsByObjective.get(objectiveId);
    if (list === undefined) krsByObjective.set(objectiveId, [i]);
    else list.push(i);
  }
  const looping = objectivesOnParentCycles(doc.objectives);
  const childrenOf = new Map<string, Objective[]>();
  for (const o of doc.objectives) {
    if (o.parentId === undefined || looping.has(o.id)) continue;
    const list = childrenOf.get(o.parentId);
    if (list === undefined) childrenOf.set(o.parentId, [o]);
    else list.push(o);
  }

  const tree: ObjectiveTree = { input, krsByObjective, childrenOf, scoreOf: new Map() };
  const { scoreOf } = tree;
  const expectedOf = new Map<string, number>();
  for (const [id, cycle] of cycles) expectedOf.set(id, expectedProgress(cycle, asOf));
  const objectives: ObjectiveScore[] = doc.objectives.map((o) => {
    const score = objectiveScore(tree, o);
    const expected = expectedOf.get(o.cycleId) ?? 0;
    if (score === null) return { id: o.id, score, expected, status: "no_data", grade: null };
    return {
      id: o.id,
      score,
      expected,
      status: statusAgainstPace(score, expected, settings),
      grade: gradeOf(score),
    };
  });

  const goalContributions = new Map<string, Contribution[]>();
  for (const o of doc.objectives) {
    const cycle = cycles.get(o.cycleId);
    if (o.goalId === undefined || o.parentId !== undefined || cycle === undefined || cycle.start > asOf)
      continue;
    const score = scoreOf.get(o.id);
    if (score === null || score === undefined) continue;
    const list = goalContributions.get(o.goalId) ?? [];
    list.push({ key: o.id, score, weight: o.weight ?? 1 });
    goalContributions.set(o.goalId, list);
  }
  const goals: GoalScore[] = doc.goals.map((g) => ({
    id: g.id,
    score: weightedMean(goalContributions.get(g.id) ?? []),
  }));

  const imperativeContributions = new Map<string, Contribution[]>();
  doc.goals.forEach((g, i) => {
    const score = (goals[i] as GoalScore).score;
    if (score === null) return;
    const list = imperativeContributions.get(g.imperativeId) ?? [];
    list.push({ key: g.id, score, weight: g.weight ?? 1 });
    imperativeContributions.set(g.imperativeId, list);
  });
  const imperatives: ImperativeScore[] = doc.imperatives.map((imp) => ({
    id: imp.id,
    score: weightedMean(imperativeContributions.get(imp.id) ?? []),
  }));

  return { objectives, goals, imperatives };
}

/** What an objective's score is computed from, and the scores computed so far. */
interface ObjectiveTree {
  input: RollUpInput;
  krsByObjective: ReadonlyMap<string, readonly number[]>;
  childrenOf: ReadonlyMap<string, readonly Objective[]>;
  /** Objective id → its score; null also while it is being computed. */
  scoreOf: Map<string, number | null>;
}

/**
 * An objective's score from its own key results and its child objectives (computed first, once each).
 * A module-level function rather than a closure in `rollUp`: V8 keeps a closure's optimized code only
 * while one of its instances lives, so a closure made per call runs unoptimized again after each full
 * garbage collection (docs/performance.md).
 */
function objectiveScore(tree: ObjectiveTree, objective: Objective): number | null {
  const { input, scoreOf } = tree;
  const known = scoreOf.get(objective.id);
  if (known !== undefined) return known;
  scoreOf.set(objective.id, null); // guards against duplicate ids forming a loop
  const contributions: Contribution[] = [];
  for (const i of tree.krsByObjective.get(objective.id) ?? []) {
    const kr = input.keyResults[i] as KeyResultScore;
    if (kr.progress === null) continue;
    contributions.push({ key: kr.id, score: kr.progress, weight: input.keyResultWeights[i] ?? 1 });
  }
  for (const child of tree.childrenOf.get(objective.id) ?? []) {
    const score = objectiveScore(tree, child);
    if (score !== null) contributions.push({ key: child.id, score, weight: child.weight ?? 1 });
  }
  const score = weightedMean(contributions);
  scoreOf.set(objective.id, score);
  return score;
}
