/**
 * Roll-up (DOMAIN §4): objective, goal and imperative scores as weighted means of their contributors.
 */
import { compareText } from "../compare.ts";
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
 * Weighted mean of the contributions with weight > 0, summed in key order so the result never depends
 * on the document's order; null when none is left.
 *
 * @example weightedMean([{ key: "a", score: 0.27, weight: 1 }, { key: "b", score: 0.18, weight: 1 },
 *   { key: "c", score: 0.73, weight: 1 }]) // 0.3933…
 */
export function weightedMean(contributions: readonly Contribution[]): number | null {
  const counted: Contribution[] = [];
  for (const c of contributions) if (c.weight > 0) counted.push(c);
  return weightedMeanInOrder(counted.sort(byKey));
}

/**
 * Weighted mean of the scores with weight > 0, summed in the order given (the pack's RollUp of a column:
 * the core's result for the same contributors listed in key order); null when none is left. The result
 * is kept within the contributors' min and max, which rounding in the sum could otherwise pass by one ulp.
 *
 * @example weightedMeanInOrder([{ score: 1, weight: 3 }, { score: 0, weight: 1 }, { score: 0.5, weight: 0 }]) // 0.75
 */
export function weightedMeanInOrder(
  contributions: readonly { score: number; weight: number }[],
): number | null {
  let sum = 0;
  let weights = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const c of contributions) {
    if (!(c.weight > 0)) continue;
    sum += c.score * c.weight;
    weights += c.weight;
    if (c.score < min) min = c.score;
    if (c.score > max) max = c.score;
  }
  if (weights === 0) return null;
  const mean = sum / weights;
  if (!Number.isFinite(mean)) return null;
  return Math.min(max, Math.max(min, mean));
}

function byKey(a: Contribution, b: Contribution): number {
  return compareText(a.key, b.key) || a.score - b.score || a.weight - b.weight;
}

/**
 * Objectives whose parent chain loops back to them. Their parent links are ignored when rolling up,
 * so scoring terminates and stays independent of the document's order; lint reports the loop.
 * `positionOf` numbers each id by its first objective (`firstPositions`).
 */
export function objectivesOnParentCycles(
  objectives: readonly Objective[],
  positionOf: ReadonlyMap<string, number>,
): Set<string> {
  // The first objective of each id names the parent; -1: none, or one that is not in the document.
  const parentOf = new Int32Array(objectives.length).fill(-1);
  for (let p = 0; p < objectives.length; p++) {
    const parentId = (objectives[p] as Objective).parentId;
    if (parentId !== undefined && positionOf.get((objectives[p] as Objective).id) === p) {
      parentOf[p] = positionOf.get(parentId) ?? -1;
    }
  }
  const onCycle = new Set<string>();
  // Each walk up the parents stops at the first objective any walk has reached; if this walk reached it
  // itself, the walk has come round a loop, and the loop is the chain from there back to it.
  const walkOf = new Int32Array(objectives.length);
  let walk = 0;
  for (let start = 0; start < objectives.length; start++) {
    if (positionOf.get((objectives[start] as Objective).id) !== start || walkOf[start] !== 0) continue;
    walk++;
    let node = start;
    while (node !== -1 && walkOf[node] === 0) {
      walkOf[node] = walk;
      node = parentOf[node] as number;
    }
    if (node === -1 || walkOf[node] !== walk) continue;
    let member = node;
    do {
      onCycle.add((objectives[member] as Objective).id);
      member = parentOf[member] as number;
    } while (member !== node);
  }
  return onCycle;
}

/** Each id's position among the objectives: that of its first objective. */
export function firstPositions(objectives: readonly Objective[]): Map<string, number> {
  const positionOf = new Map<string, number>();
  // From the last to the first, so that the first of an id is what stays: one write per objective.
  for (let p = objectives.length - 1; p >= 0; p--) positionOf.set((objectives[p] as Objective).id, p);
  return positionOf;
}

interface RollUpInput {
  doc: CascadeDocument;
  asOf: IsoDate;
  settings: ResolvedSettings;
  cycles: ReadonlyMap<string, Cycle>;
  keyResults: readonly KeyResultScore[];
  /** The weight of each key result (default 1), at the same index as its score in `keyResults`. */
  keyResultWeights: readonly number[];
  /** Each objective id's position (of its first objective), when the caller has it: `firstPositions`. */
  positionOf?: ReadonlyMap<string, number>;
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
  // Objectives are numbered by the position of the first of their id, and the tables of the roll-up
  // are arrays by that number: one lookup by id per key result and objective, not one per table.
  const positionOf = input.positionOf ?? firstPositions(doc.objectives);
  const count = doc.objectives.length;
  const keyResultsOf = new Array<number[] | undefined>(count);
  for (let i = 0; i < input.keyResults.length; i++) {
    const p = positionOf.get((input.keyResults[i] as KeyResultScore).objectiveId);
    if (p === undefined) continue;
    const list = keyResultsOf[p];
    if (list === undefined) keyResultsOf[p] = [i];
    else list.push(i);
  }
  const looping = objectivesOnParentCycles(doc.objectives, positionOf);
  const childrenOf = new Array<Objective[] | undefined>(count);
  for (const o of doc.objectives) {
    if (o.parentId === undefined || looping.has(o.id)) continue;
    const p = positionOf.get(o.parentId);
    if (p === undefined) continue;
    const list = childrenOf[p];
    if (list === undefined) childrenOf[p] = [o];
    else list.push(o);
  }

  const tree: ObjectiveTree = {
    input,
    positionOf,
    keyResultsOf,
    childrenOf,
    state: new Uint8Array(count),
    score: new Float64Array(count),
  };
  const expectedOf = new Map<string, number>();
  for (const [id, cycle] of cycles) expectedOf.set(id, expectedProgress(cycle, asOf));
  const objectives: ObjectiveScore[] = [];
  const scores: Array<number | null> = [];
  for (const o of doc.objectives) {
    const score = objectiveScore(tree, positionOf.get(o.id) as number);
    scores.push(score);
    const expected = expectedOf.get(o.cycleId) ?? 0;
    if (score === null) objectives.push({ id: o.id, score, expected, status: "no_data", grade: null });
    else {
      objectives.push({
        id: o.id,
        score,
        expected,
        status: statusAgainstPace(score, expected, settings),
        grade: gradeOf(score),
      });
    }
  }

  const goalContributions = new Map<string, Contribution[]>();
  for (let p = 0; p < doc.objectives.length; p++) {
    const o = doc.objectives[p] as Objective;
    const cycle = cycles.get(o.cycleId);
    if (o.goalId === undefined || o.parentId !== undefined || cycle === undefined || cycle.start > asOf)
      continue;
    const score = scores[p];
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

/** What an objective's score is computed from, and the scores computed so far, by objective number. */
interface ObjectiveTree {
  input: RollUpInput;
  positionOf: ReadonlyMap<string, number>;
  /** The indexes in `input.keyResults` of each objective's key results. */
  keyResultsOf: ReadonlyArray<readonly number[] | undefined>;
  childrenOf: ReadonlyArray<readonly Objective[] | undefined>;
  /** 0: not computed yet; 1: being computed; 2: `score` holds it (NaN for null). */
  state: Uint8Array;
  score: Float64Array;
}

/**
 * An objective's score from its own key results and its child objectives (computed first, once each).
 * A module-level function rather than a closure in `rollUp`: V8 keeps a closure's optimized code only
 * while one of its instances lives, so a closure made per call runs unoptimized again after each full
 * garbage collection (docs/performance.md).
 */
function objectiveScore(tree: ObjectiveTree, root: number): number | null {
  // Children before their parent, with a stack of its own: a chain of parents may be thousands deep,
  // deeper than the call stack. State 0: not seen, 1: its children are being scored (a child in that
  // state is a loop of duplicate ids, and counts as no score), 2: scored.
  const stack = [root];
  while (stack.length > 0) {
    const p = stack[stack.length - 1] as number;
    if (tree.state[p] === 2) {
      stack.pop();
    } else if (tree.state[p] === 0) {
      tree.state[p] = 1;
      for (const child of tree.childrenOf[p] ?? []) {
        const c = tree.positionOf.get(child.id) as number;
        if (tree.state[c] === 0) stack.push(c);
      }
    } else {
      stack.pop();
      scoreOne(tree, p);
    }
  }
  return Number.isNaN(tree.score[root]) ? null : (tree.score[root] as number);
}

/** An objective's score from its key results and its children, all of them scored already. */
function scoreOne(tree: ObjectiveTree, p: number): void {
  const { input } = tree;
  const contributions: Contribution[] = [];
  for (const i of tree.keyResultsOf[p] ?? []) {
    const kr = input.keyResults[i] as KeyResultScore;
    if (kr.progress === null) continue;
    contributions.push({ key: kr.id, score: kr.progress, weight: input.keyResultWeights[i] ?? 1 });
  }
  for (const child of tree.childrenOf[p] ?? []) {
    const c = tree.positionOf.get(child.id) as number;
    const score = tree.state[c] === 2 ? (tree.score[c] as number) : Number.NaN;
    if (!Number.isNaN(score)) contributions.push({ key: child.id, score, weight: child.weight ?? 1 });
  }
  tree.score[p] = weightedMean(contributions) ?? Number.NaN;
  tree.state[p] = 2;
}
