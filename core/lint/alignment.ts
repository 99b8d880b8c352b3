/**
 * Alignment checks (DOMAIN §6): every objective reaches a goal, every goal an imperative, parents do
 * not loop, objectives have something to measure, goals are supported, perspectives are balanced.
 */
import type { CascadeDocument, Goal, Objective } from "../model/document.ts";
import { perspectives } from "../model/perspectives.ts";
import type { LintFinding } from "../model/report.ts";
import { objectivesOnParentCycles } from "../scoring/roll-up.ts";

/** `parent_cycle`: one finding per loop of parents, named by its smallest id. */
export function lintParentCycles(
  doc: CascadeDocument,
  positionOf: ReadonlyMap<string, number>,
): LintFinding[] {
  const onCycle = objectivesOnParentCycles(doc.objectives, positionOf);
  const parentOf = new Map<string, string | undefined>();
  for (const o of doc.objectives) parentOf.set(o.id, o.parentId);
  const reported = new Set<string>();
  const findings: LintFinding[] = [];
  for (const id of [...onCycle].sort()) {
    if (reported.has(id)) continue;
    const loop: string[] = [];
    let node: string | undefined = id;
    while (node !== undefined && !loop.includes(node)) {
      loop.push(node);
      reported.add(node);
      node = parentOf.get(node);
    }
    const index = doc.objectives.findIndex((o) => o.id === id);
    findings.push({
      code: "parent_cycle",
      severity: "error",
      subject: id,
      path: `objectives[${index}].parentId`,
      message: `Objectives form a loop of parents: ${[...loop, id].join(" → ")}. Their roll-up ignores these parent links.`,
    });
  }
  return findings;
}

/**
 * `orphan_objective`, `goal_without_imperative`, `unsupported_goal`, `objective_without_key_results`.
 * `keyResultCount` is the number of key results of each objective id, at the position of its first
 * objective as `positionOf` gives it.
 */
export function lintAlignment(
  doc: CascadeDocument,
  keyResultCount: Int32Array,
  positionOf: ReadonlyMap<string, number>,
): LintFinding[] {
  const findings: LintFinding[] = [];
  const goals = new Set(doc.goals.map((g) => g.id));
  const imperatives = new Set(doc.imperatives.map((i) => i.id));

  const reaches = new Map<string, boolean>();
  const hasChildren = new Set<string>();
  for (const o of doc.objectives) if (o.parentId !== undefined) hasChildren.add(o.parentId);

  for (let i = 0; i < doc.objectives.length; i++) {
    const o = doc.objectives[i] as Objective;
    if (!reachesGoal(doc.objectives, o, goals, positionOf, reaches)) {
      findings.push({
        code: "orphan_objective",
        severity: "error",
        subject: o.id,
        path: `objectives[${i}]`,
        message: `Objective "${o.title}" supports no annual goal, directly (goalId) or through its parents.`,
      });
    }
    if (keyResultCount[positionOf.get(o.id) as number] === 0 && !hasChildren.has(o.id)) {
      findings.push({
        code: "objective_without_key_results",
        severity: "error",
        subject: o.id,
        path: `objectives[${i}]`,
        message: `Objective "${o.title}" has no key results and no child objectives: nothing measures it.`,
      });
    }
  }

  const supported = new Set<string>();
  for (const o of doc.objectives) if (o.goalId !== undefined) supported.add(o.goalId);
  for (let i = 0; i < doc.goals.length; i++) {
    const g = doc.goals[i] as Goal;
    if (!imperatives.has(g.imperativeId)) {
      findings.push({
        code: "goal_without_imperative",
        severity: "error",
        subject: g.id,
        path: `goals[${i}].imperativeId`,
        message: `Goal "${g.title}" supports no strategic imperative.`,
      });
    }
    if (!supported.has(g.id)) {
      findings.push({
        code: "unsupported_goal",
        severity: "warning",
        subject: g.id,
        path: `goals[${i}]`,
        message: `No objective supports goal "${g.title}".`,
      });
    }
  }

  const usedByCycle = new Map<string, Set<string>>();
  for (const o of doc.objectives) {
    if (o.perspective === undefined) continue;
    const used = usedByCycle.get(o.cycleId) ?? new Set<string>();
    used.add(o.perspective);
    usedByCycle.set(o.cycleId, used);
  }
  for (const [cycleId, used] of usedByCycle) {
    const missing = perspectives.filter((p) => !used.has(p));
    if (missing.length === 0) continue;
    findings.push({
      code: "perspective_gap",
      severity: "warning",
      subject: cycleId,
      message: `Cycle ${cycleId} uses balanced-scorecard perspectives but has no objective for ${missing.join(", ")}.`,
    });
  }
  return findings;
}

/**
 * Whether an objective reaches a known goal, itself or through its parents. Memoized in `reaches`: each
 * objective is resolved once, and a loop of parents resolves to false.
 */
function reachesGoal(
  objectives: readonly Objective[],
  start: Objective,
  goals: ReadonlySet<string>,
  positionOf: ReadonlyMap<string, number>,
  reaches: Map<string, boolean>,
): boolean {
  const path: string[] = [];
  let node: Objective | undefined = start;
  let result = false;
  while (node !== undefined) {
    const known = reaches.get(node.id);
    if (known !== undefined) {
      result = known;
      break;
    }
    if (node.goalId !== undefined && goals.has(node.goalId)) {
      result = true;
      break;
    }
    reaches.set(node.id, false); // provisional: a loop back here ends the walk
    path.push(node.id);
    const parent: number | undefined =
      node.parentId === undefined ? undefined : positionOf.get(node.parentId);
    node = parent === undefined ? undefined : objectives[parent];
  }
  for (const id of path) reaches.set(id, result);
  return result;
}
